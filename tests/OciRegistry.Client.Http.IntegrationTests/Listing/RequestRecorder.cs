using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace OciRegistry.Client.Http.IntegrationTests.Listing;

/// <summary>
/// Records each request a client sent through its registry pipelines: method, path and query, status, and whether
/// the answer carried a Link header (a handler added with <c>AddRegistryHttpHandler</c>).
/// </summary>
internal sealed class RequestRecorder
{
    public ConcurrentQueue<Exchange> Exchanges { get; } = new();

    /// <summary>A client for the fixture whose every registry pipeline records into <see cref="Exchanges"/>.</summary>
    public FixtureClient ClientFor(RegistryFixture registry) =>
        new(registry, builder: b => b.AddRegistryHttpHandler((_, _) => new RecordingHandler(Exchanges)));

    /// <summary>One request as the registry answered it.</summary>
    internal sealed record Exchange(string Method, string PathAndQuery, int Status, bool HasLink);

    private sealed class RecordingHandler(ConcurrentQueue<Exchange> exchanges) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            exchanges.Enqueue(new Exchange(
                request.Method.Method, request.RequestUri!.PathAndQuery, (int)response.StatusCode, response.Headers.Contains("Link")));
            return response;
        }
    }
}
