using System.Collections.Concurrent;

namespace OciRegistry.Client.Http.Tests.Scripted;

/// <summary>
/// A fake registry for behaviours a real Distribution does not show: each request is recorded (method, URI,
/// headers, body) and answered by the first route whose predicate matches, or 404 when none does.
/// </summary>
public sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly List<(Func<HttpRequestMessage, bool> Matches, Func<RecordedRequest, HttpResponseMessage> Respond)> _routes = [];

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Answers requests that <paramref name="matches"/> with <paramref name="respond"/>; earlier routes win.</summary>
    public ScriptedHandler On(Func<HttpRequestMessage, bool> matches, Func<RecordedRequest, HttpResponseMessage> respond)
    {
        lock (_routes)
        {
            _routes.Add((matches, respond));
        }

        return this;
    }

    /// <summary>Answers requests with this method whose path (without query) equals <paramref name="path"/>.</summary>
    public ScriptedHandler On(HttpMethod method, string path, Func<RecordedRequest, HttpResponseMessage> respond) =>
        On(r => r.Method == method && r.RequestUri!.AbsolutePath == path, respond);

    /// <summary>Answers <c>GET /v2/</c> with 200, as every registry does.</summary>
    public ScriptedHandler WithPing() => On(HttpMethod.Get, "/v2/", _ => new HttpResponseMessage(HttpStatusCode.OK));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var recorded = new RecordedRequest(
            request.Method,
            request.RequestUri!,
            request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase),
            request.Content?.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase)
                ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase),
            body);
        Requests.Enqueue(recorded);
        Func<RecordedRequest, HttpResponseMessage>? respond;
        lock (_routes)
        {
            respond = _routes.FirstOrDefault(r => r.Matches(request)).Respond;
        }

        var response = respond?.Invoke(recorded) ?? new HttpResponseMessage(HttpStatusCode.NotFound);
        response.RequestMessage ??= request;
        return response;
    }
}

/// <summary>A request as the scripted registry saw it.</summary>
public sealed record RecordedRequest(
    HttpMethod Method,
    Uri Uri,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string> ContentHeaders,
    byte[]? Body);
