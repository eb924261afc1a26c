using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OciRegistry.Client.Auth;
using OciRegistry.Client.Http.Resilience;

namespace OciRegistry.Client.Http.Transport;

/// <summary>
/// The per-registry named clients of a client made by <see cref="OciRegistryClient.Create"/>, without an
/// <c>IHttpClientFactory</c> from dependency injection: one handler pipeline per name, built on first use from
/// <see cref="RegistryHandlerChain"/> and kept for the client's lifetime (connections are recycled by the transport's
/// <see cref="SocketsHttpHandler.PooledConnectionLifetime"/>, so DNS changes are still seen).
/// </summary>
internal sealed class RegistryHttpClients(
    OciRegistryClientOptions options,
    RegistryAuthenticator authenticator,
    RegistryRateLimits rateLimits,
    ILoggerFactory loggerFactory) : IHttpClientFactory, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<HttpMessageHandler>> _pipelines = new(StringComparer.Ordinal);
    private volatile bool _disposed;

    public HttpClient CreateClient(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var pipeline = _pipelines.GetOrAdd(name, static (n, self) => new Lazy<HttpMessageHandler>(() => self.Build(n)), this).Value;

        // Blob bodies stream for as long as they take; per-request deadlines come from cancellation instead.
        return new HttpClient(pipeline, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var pipeline in _pipelines.Values)
        {
            if (pipeline.IsValueCreated)
            {
                pipeline.Value.Dispose();
            }
        }

        _pipelines.Clear();
    }

    private HttpMessageHandler Build(string name)
    {
        if (name == RegistryHttpClientNames.Storage)
        {
            return RegistryHandlerChain.Link(RegistryHandlerChain.CreateStorageHandlers(options, loggerFactory, null), RegistryHandlerChain.CreatePrimaryHandler(null));
        }

        if (!RegistryHttpClientNames.TryGetRegistry(name, out var registry))
        {
            throw new InvalidOperationException($"The registry client has no HTTP client named '{name}'.");
        }

        var settings = options.For(registry);
        DelegatingHandler[] handlers =
        [
            .. RegistryHandlerChain.CreateRegistryHandlers(registry, options, rateLimits, loggerFactory, null),
            authenticator.CreateHandler(registry, settings.Insecure),
            RegistryHandlerChain.CreateTimeoutHandler(registry, options),
        ];
        return RegistryHandlerChain.Link(handlers, RegistryHandlerChain.CreatePrimaryHandler(settings));
    }
}
