using System.Collections.Concurrent;
using System.Net;

namespace OciRegistry.Client.Auth.Tests.Support;

/// <summary>
/// The network under the handler: records each request (method, URI, Authorization header, body) and answers it with
/// the first route whose predicate matches, or 404.
/// </summary>
public sealed class ScriptedServer : HttpMessageHandler
{
    private readonly List<(Func<HttpRequestMessage, bool> Matches, Func<SeenRequest, HttpResponseMessage> Respond)> _routes = [];

    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    public ScriptedServer On(Func<HttpRequestMessage, bool> matches, Func<SeenRequest, HttpResponseMessage> respond)
    {
        lock (_routes)
        {
            _routes.Add((matches, respond));
        }

        return this;
    }

    public ScriptedServer On(string host, string path, Func<SeenRequest, HttpResponseMessage> respond) =>
        On(r => r.RequestUri!.Host == host && r.RequestUri.AbsolutePath == path, respond);

    public IEnumerable<SeenRequest> To(string host, string path) =>
        Requests.Where(r => r.Uri.Host == host && r.Uri.AbsolutePath == path);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var seen = new SeenRequest(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body);
        Requests.Enqueue(seen);
        Func<SeenRequest, HttpResponseMessage>? respond;
        lock (_routes)
        {
            respond = _routes.FirstOrDefault(r => r.Matches(request)).Respond;
        }

        var response = respond?.Invoke(seen) ?? new HttpResponseMessage(HttpStatusCode.NotFound);
        response.RequestMessage ??= request;
        return response;
    }

    public static HttpResponseMessage Challenge(string value, HttpStatusCode status = HttpStatusCode.Unauthorized)
    {
        var response = new HttpResponseMessage(status);
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", value);
        return response;
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
}

public sealed record SeenRequest(HttpMethod Method, Uri Uri, string? Authorization, byte[]? Body)
{
    public string BodyText => Body is null ? string.Empty : System.Text.Encoding.UTF8.GetString(Body);

    public IReadOnlyList<KeyValuePair<string, string>> Query => Parse(Uri.Query.TrimStart('?'));

    public IReadOnlyList<KeyValuePair<string, string>> Form => Parse(BodyText);

    private static List<KeyValuePair<string, string>> Parse(string text) =>
        [.. text.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            var parts = p.Split('=', 2);
            return new KeyValuePair<string, string>(
                Uri.UnescapeDataString(parts[0].Replace('+', ' ')),
                parts.Length > 1 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : string.Empty);
        })];
}
