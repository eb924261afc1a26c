using System.Net;
using Microsoft.Extensions.Logging;
using OciRegistry.Client.Http.Resilience;

namespace OciRegistry.Client.Http.Transport;

/// <summary>
/// The handlers of every registry's HTTP pipeline, used both by the HTTP client factory's configuration (dependency
/// injection) and by the pipelines <see cref="OciRegistryClient.Create"/> builds itself, so requests pass through
/// the same handlers either way: a <see cref="SocketsHttpHandler"/> with the registry's TLS settings and no
/// automatic redirects (the client follows them itself, to keep credentials on their origin); above it the timeouts
/// (so the authentication handler's token requests have them too), the registry handlers (authentication) and the
/// rate-limit gate; outermost the retries, which stand aside inside an <see cref="OciRegistry.Client.Resilience.OperationRetryScope"/>.
/// </summary>
internal static class RegistryHandlerChain
{
    /// <summary>
    /// Creates the handlers that go between the retries and the registered handlers, outermost first: retries wrap
    /// the rest, so every attempt goes through authentication again (and picks up a refreshed token after a long
    /// <c>Retry-After</c>), and the rate-limit gate holds back each attempt.
    /// </summary>
    public static DelegatingHandler[] CreateRegistryHandlers(
        string registry, OciRegistryClientOptions options, RegistryRateLimits rateLimits, ILoggerFactory? loggerFactory, TimeProvider? timeProvider) =>
    [
        new RegistryRetryHandler(options, registry, loggerFactory?.CreateLogger<RegistryRetryHandler>(), timeProvider),
        new RegistryRateLimitHandler(rateLimits, registry),
    ];

    /// <summary>Creates the innermost handler of a registry's pipeline, under the registered ones: its timeouts.</summary>
    public static DelegatingHandler CreateTimeoutHandler(string registry, OciRegistryClientOptions options) =>
        new RegistryTimeoutHandler(options.TimeoutsFor(registry), storage: false);

    /// <summary>
    /// Creates the handlers of the storage client, outermost first: retries and the default registry's timeouts
    /// (redirects to other origins: no registry handlers there).
    /// </summary>
    public static DelegatingHandler[] CreateStorageHandlers(OciRegistryClientOptions options, ILoggerFactory? loggerFactory, TimeProvider? timeProvider) =>
    [
        new RegistryRetryHandler(options, string.Empty, loggerFactory?.CreateLogger<RegistryRetryHandler>(), timeProvider),
        new RegistryTimeoutHandler(options.TimeoutsFor(string.Empty), storage: true),
    ];

    /// <summary>Creates the transport for a registry (<paramref name="settings"/>) or for blob storage (<see langword="null"/>).</summary>
    public static SocketsHttpHandler CreatePrimaryHandler(RegistryHostOptions? settings)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            MaxConnectionsPerServer = 32,
        };
        if (settings is null)
        {
            return handler;
        }

        var certificates = RegistryCertificates.Load(settings.CertificateDirectory);
        if (settings.Insecure || settings.SkipTlsVerify)
        {
            // The user asked for this registry not to be verified (Insecure or SkipTlsVerify).
#pragma warning disable CA5359
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (certificates.Authorities.Count > 0)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                certificates.Validate(certificate, chain, errors);
        }

        if (certificates.ClientCertificates.Count > 0)
        {
            handler.SslOptions.ClientCertificates = [.. certificates.ClientCertificates];
        }

        return handler;
    }

    /// <summary>Links <paramref name="handlers"/> (outermost first) above <paramref name="primary"/> and returns the outermost.</summary>
    public static HttpMessageHandler Link(IReadOnlyList<DelegatingHandler> handlers, HttpMessageHandler primary)
    {
        var inner = primary;
        for (var i = handlers.Count - 1; i >= 0; i--)
        {
            handlers[i].InnerHandler = inner;
            inner = handlers[i];
        }

        return inner;
    }
}
