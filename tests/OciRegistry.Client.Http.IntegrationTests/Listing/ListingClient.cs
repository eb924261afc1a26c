using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client.TestSupport.Registry;

namespace OciRegistry.Client.Http.IntegrationTests.Listing;

/// <summary>
/// A client for a test registry built through the real DI registration, with a handler in every registry pipeline
/// that records each request's method, path and query, status, and whether the answer carried a Link header.
/// </summary>
internal sealed class ListingClient : IDisposable
{
    private readonly ServiceProvider _services;

    public ListingClient(RegistryFixture registry)
    {
        var services = new ServiceCollection();
        services.AddOciRegistryClient(o => o.Registries[registry.Host] = new RegistryHostOptions { Insecure = true })
            .AddRegistryHttpHandler((_, _) => new RecordingHandler(Exchanges));
        _services = services.BuildServiceProvider();
        Client = _services.GetRequiredService<OciRegistryClient>();
    }

    public OciRegistryClient Client { get; }

    public ConcurrentQueue<Exchange> Exchanges { get; } = new();

    public void Dispose() => _services.Dispose();

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
