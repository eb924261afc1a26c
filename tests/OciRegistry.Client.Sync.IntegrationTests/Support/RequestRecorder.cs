using System.Collections.Concurrent;

namespace OciRegistry.Client.Sync.IntegrationTests.Support;

/// <summary>Every request the client sent, as (host:port, method, path), recorded next to the transport.</summary>
public sealed class RequestRecorder
{
    private readonly ConcurrentQueue<(string Host, string Method, string Path)> _requests = new();

    public IReadOnlyList<(string Host, string Method, string Path)> Requests => [.. _requests];

    public void Clear() => _requests.Clear();

    public int Count(string host, string method, string pathContains) =>
        Requests.Count(r => r.Host == host && r.Method == method && r.Path.Contains(pathContains, StringComparison.Ordinal));

    public DelegatingHandler CreateHandler() => new Handler(this);

    private sealed class Handler(RequestRecorder recorder) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            recorder._requests.Enqueue(($"{uri.Host}:{uri.Port}", request.Method.Method, uri.AbsolutePath));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
