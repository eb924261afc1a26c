using System.Globalization;

namespace OciRegistry.Client.TestSupport.Faults;

/// <summary>
/// What a <see cref="FaultProxy"/> does to one request a <see cref="FaultRule"/> chose. Body offsets count the bytes of
/// the body only (after chunked framing is removed), from 0.
/// </summary>
public abstract record Fault
{
    private protected Fault()
    {
    }

    /// <summary>Answers <paramref name="status"/> with an empty body instead of forwarding (the request body is read and dropped).</summary>
    public static StatusFault Status(int status) => new(status, null);

    /// <summary>Answers <paramref name="status"/> with <c>Retry-After: SECONDS</c>.</summary>
    public static StatusFault Status(int status, TimeSpan retryAfter) =>
        new(status, ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture));

    /// <summary>Answers <paramref name="status"/> with <c>Retry-After: HTTP-DATE</c> (RFC 1123).</summary>
    public static StatusFault Status(int status, DateTimeOffset retryAfter) =>
        new(status, retryAfter.UtcDateTime.ToString("r", CultureInfo.InvariantCulture));

    /// <summary>
    /// Forwards the response, sends at most <paramref name="afterBytes"/> bytes of its body, then resets the connection
    /// (TCP RST). Bytes still in the proxy's send buffer are lost with the reset, so the client reads at most that many.
    /// A shorter body is sent whole.
    /// </summary>
    public static ResetResponseFault ResetResponse(long afterBytes) => new(afterBytes);

    /// <summary>
    /// Forwards the response with the upstream's <c>Content-Length</c> (or chunked framing), sends exactly
    /// <paramref name="afterBytes"/> bytes of its body, then closes the connection cleanly (FIN) without the rest.
    /// </summary>
    public static TruncateResponseFault TruncateResponse(long afterBytes) => new(afterBytes);

    /// <summary>Forwards the response with the byte at <paramref name="offset"/> of its body inverted (XOR 0xFF).</summary>
    public static FlipResponseByteFault FlipResponseByte(long offset) => new(offset);

    /// <summary>
    /// Forwards exactly <paramref name="afterBytes"/> bytes of the request body upstream, then resets the client's
    /// connection (TCP RST) and aborts the upstream request, so the upstream sees a body cut short.
    /// </summary>
    public static ResetRequestFault ResetRequest(long afterBytes) => new(afterBytes);

    /// <summary>
    /// Sends the response body at about <paramref name="bytesPerSecond"/> for at most <paramref name="duration"/>, then
    /// the rest at full speed.
    /// </summary>
    public static TrickleFault Trickle(int bytesPerSecond, TimeSpan duration) => new(bytesPerSecond, duration);

    /// <summary>
    /// Goes silent with the connection open: before the response head when <paramref name="afterBytes"/> is
    /// <see langword="null"/>, else after the head and exactly that many bytes of the body. The connection stays silent
    /// until the client closes it or the proxy stops, so a client without timeouts waits for as long as the test lasts.
    /// </summary>
    public static StallFault Stall(long? afterBytes = null) => new(afterBytes);
}

/// <summary>See <see cref="Fault.Status(int)"/>.</summary>
public sealed record StatusFault(int StatusCode, string? RetryAfter) : Fault;

/// <summary>See <see cref="Fault.ResetResponse"/>.</summary>
public sealed record ResetResponseFault(long AfterBytes) : Fault;

/// <summary>See <see cref="Fault.TruncateResponse"/>.</summary>
public sealed record TruncateResponseFault(long AfterBytes) : Fault;

/// <summary>See <see cref="Fault.FlipResponseByte"/>.</summary>
public sealed record FlipResponseByteFault(long Offset) : Fault;

/// <summary>See <see cref="Fault.ResetRequest"/>.</summary>
public sealed record ResetRequestFault(long AfterBytes) : Fault;

/// <summary>See <see cref="Fault.Stall"/>.</summary>
public sealed record StallFault(long? AfterBytes) : Fault;

/// <summary>See <see cref="Fault.Trickle"/>.</summary>
public sealed record TrickleFault(int BytesPerSecond, TimeSpan Duration) : Fault;
