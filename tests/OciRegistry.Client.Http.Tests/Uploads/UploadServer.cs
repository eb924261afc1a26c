using System.Globalization;
using System.Text;

namespace OciRegistry.Client.Http.Tests.Uploads;

/// <summary>
/// A scripted registry's upload endpoint for <c>registry.test/team/app</c>: one session at
/// <see cref="SessionPath"/>, which keeps the bytes it was sent and checks <c>Content-Range</c> and the final digest
/// as the spec says. Its answers can be varied (Location form, Range form, status codes, chunk minimum) and any
/// request intercepted.
/// </summary>
internal sealed class UploadServer
{
    public const string UploadsPath = "/v2/team/app/blobs/uploads/";
    public const string SessionPath = "/v2/team/app/blobs/uploads/session-1";

    private readonly MemoryStream _received = new();
    private int _state;

    /// <summary>Gets or sets how the session's Location is written; {0} is replaced by a counter that changes with each answer.</summary>
    public string Location { get; set; } = SessionPath + "?_state=s{0}";

    public bool RangeWithUnit { get; set; }

    public HttpStatusCode PatchStatus { get; set; } = HttpStatusCode.Accepted;

    public HttpStatusCode PutStatus { get; set; } = HttpStatusCode.Created;

    public long? ChunkMinLength { get; set; }

    /// <summary>Gets or sets a hook that may answer a request in place of the session (return null to let it through).</summary>
    public Func<RecordedRequest, UploadServer, HttpResponseMessage?>? Intercept { get; set; }

    public byte[] Received => _received.ToArray();

    public ScriptedHandler Handler(ScriptedHandler? handler = null) => (handler ?? new ScriptedHandler().WithPing())
        .On(r => r.RequestUri!.AbsolutePath is UploadsPath or SessionPath, request => Intercept?.Invoke(request, this) ?? Answer(request));

    /// <summary>Appends bytes as if the registry had taken them.</summary>
    public void Take(ReadOnlySpan<byte> bytes) => _received.Write(bytes);

    public HttpResponseMessage SessionResponse(HttpStatusCode status)
    {
        var response = new HttpResponseMessage(status);
        response.Headers.TryAddWithoutValidation("Location", string.Format(CultureInfo.InvariantCulture, Location, ++_state));
        var end = Math.Max(0, _received.Length - 1);
        response.Headers.TryAddWithoutValidation("Range", (RangeWithUnit ? "bytes=" : string.Empty) + $"0-{end}");
        if (ChunkMinLength is { } min)
        {
            response.Headers.TryAddWithoutValidation("OCI-Chunk-Min-Length", min.ToString(CultureInfo.InvariantCulture));
        }

        return response;
    }

    public static HttpResponseMessage Error(HttpStatusCode status, string code) => new(status)
    {
        Content = new StringContent($"{{\"errors\":[{{\"code\":\"{code}\",\"message\":\"{code.ToLowerInvariant()}\"}}]}}", Encoding.UTF8, "application/json"),
    };

    private HttpResponseMessage Answer(RecordedRequest request)
    {
        if (request.Method == HttpMethod.Post)
        {
            return SessionResponse(HttpStatusCode.Accepted);
        }

        if (request.Method == HttpMethod.Patch)
        {
            if (request.ContentHeaders.TryGetValue("Content-Range", out var range))
            {
                var start = long.Parse(range.Split('-')[0], CultureInfo.InvariantCulture);
                if (start != _received.Length)
                {
                    return new HttpResponseMessage(HttpStatusCode.RequestedRangeNotSatisfiable);
                }
            }

            _received.Write(request.Body);
            return SessionResponse(PatchStatus);
        }

        if (request.Method == HttpMethod.Get)
        {
            return SessionResponse(HttpStatusCode.NoContent);
        }

        if (request.Method == HttpMethod.Put)
        {
            _received.Write(request.Body);
            var digest = Uri.UnescapeDataString(request.Uri.Query.Split("digest=")[1]);
            return digest == Digest.Compute(_received.ToArray()).ToString()
                ? new HttpResponseMessage(PutStatus)
                : Error(HttpStatusCode.BadRequest, "DIGEST_INVALID");
        }

        return request.Method == HttpMethod.Delete ? new HttpResponseMessage(HttpStatusCode.NoContent) : new HttpResponseMessage(HttpStatusCode.MethodNotAllowed);
    }
}

/// <summary>A stream that cannot seek, as a network body.</summary>
internal sealed class ForwardOnlyStream(byte[] bytes) : Stream
{
    private readonly MemoryStream _inner = new(bytes);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
