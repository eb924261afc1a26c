using System.Net;

namespace OciRegistry.Client.Resilience;

/// <summary>
/// The one classification of failures and requests that every retry of the client uses, whoever owns it (the copy
/// engine's whole-blob retries, the HTTP client's request retries): which failures are worth another attempt, and
/// which requests can be sent again at all.
/// </summary>
public static class TransientFailures
{
    /// <summary>
    /// Tells whether a registry's answer is worth another attempt: 408, 429, and the 5xx server errors except 501 and
    /// 505, which say the server cannot do the request at all.
    /// </summary>
    /// <param name="status">The HTTP status of the answer.</param>
    /// <returns><see langword="true"/> for 408, 429, and 500–599 but 501 and 505.</returns>
    public static bool IsTransient(HttpStatusCode status) => status switch
    {
        HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests => true,
        HttpStatusCode.NotImplemented or HttpStatusCode.HttpVersionNotSupported => false,
        _ => (int)status is >= 500 and <= 599,
    };

    /// <summary>
    /// Tells whether a failure is worth another attempt: the network (<see cref="HttpRequestException"/>,
    /// <see cref="IOException"/>), a timeout, a transient status (<see cref="IsTransient(HttpStatusCode)"/>), or an
    /// <see cref="OciRegistryException"/> caused by one of these. Never a cancellation the caller asked for, and never
    /// a verification failure (<see cref="DigestMismatchException"/>): the same bytes fail the same way.
    /// </summary>
    /// <param name="exception">The failure.</param>
    /// <param name="cancellationToken">The caller's token: once it is cancelled nothing is transient.</param>
    /// <returns><see langword="true"/> when another attempt may succeed.</returns>
    public static bool IsTransient(Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            _ when cancellationToken.IsCancellationRequested => false,
            DigestMismatchException => false,
            TooManyRequestsException => true,

            // A status that is an error decides; a success status (a body cut off after 200) leaves it to the cause.
            OciRegistryException { StatusCode: { } status } when (int)status >= 400 => IsTransient(status),
            OciRegistryException { InnerException: { } inner } => IsTransient(inner, cancellationToken),
            OciRegistryException => false,
            HttpRequestException { StatusCode: { } status } => IsTransient(status),
            HttpRequestException or IOException or TimeoutException => true,

            // A deadline of the client's own (not the caller's token, checked first).
            OperationCanceledException => true,
            _ => false,
        };
    }

    /// <summary>
    /// Tells whether a request can be sent again as it is: it has no body, or a body held in memory
    /// (<see cref="ByteArrayContent"/> and its kinds, <see cref="ReadOnlyMemoryContent"/>). A streaming body is read
    /// once and cannot.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns><see langword="true"/> when the request can be sent again.</returns>
    public static bool CanResend(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Content is null or ByteArrayContent or ReadOnlyMemoryContent;
    }
}
