using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using OciRegistry.Client.Http.Resilience;

namespace OciRegistry.Client.Http.Transport;

/// <summary>
/// Builds the handler pipeline of each per-registry named client on demand: a <see cref="SocketsHttpHandler"/> with
/// the registry's TLS settings and no automatic redirects (the client follows them itself, to keep credentials on
/// their origin); above it the registered registry handlers (authentication); outermost the retries.
/// </summary>
internal sealed class RegistryHttpClientConfigurator(
    IOptionsMonitor<OciRegistryClientOptions> clientOptions,
    IOptions<RegistryHandlerRegistrations> handlerRegistrations) : IConfigureNamedOptions<HttpClientFactoryOptions>
{
    public void Configure(HttpClientFactoryOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, HttpClientFactoryOptions options)
    {
        if (name == RegistryHttpClientNames.Storage)
        {
            options.HttpMessageHandlerBuilderActions.Add(builder =>
            {
                builder.PrimaryHandler = CreatePrimaryHandler(null);
                builder.AdditionalHandlers.Add(ActivatorUtilities.CreateInstance<RegistryRetryHandler>(builder.Services, string.Empty));
            });
            options.HttpClientActions.Add(client => client.Timeout = Timeout.InfiniteTimeSpan);
            return;
        }

        if (!RegistryHttpClientNames.TryGetRegistry(name, out var registry))
        {
            return;
        }

        options.HttpMessageHandlerBuilderActions.Add(builder =>
        {
            var settings = clientOptions.CurrentValue.For(registry);
            builder.PrimaryHandler = CreatePrimaryHandler(settings);

            // The first additional handler is the outermost: retries wrap the registered handlers, so every attempt
            // goes through authentication again (and picks up a refreshed token after a long Retry-After).
            builder.AdditionalHandlers.Add(ActivatorUtilities.CreateInstance<RegistryRetryHandler>(builder.Services, registry));
            builder.AdditionalHandlers.Add(ActivatorUtilities.CreateInstance<RegistryRateLimitHandler>(builder.Services, registry));
            foreach (var registration in handlerRegistrations.Value.Factories)
            {
                builder.AdditionalHandlers.Add(registration(builder.Services, registry));
            }
        });

        // Blob bodies stream for as long as they take; per-request deadlines come from cancellation instead.
        options.HttpClientActions.Add(client => client.Timeout = Timeout.InfiniteTimeSpan);
    }

    private static SocketsHttpHandler CreatePrimaryHandler(RegistryHostOptions? settings)
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
            // The user asked for this registry not to be verified (skopeo's --tls-verify=false).
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
}

/// <summary>The factories of extra handlers (such as authentication) placed in every per-registry client.</summary>
internal sealed class RegistryHandlerRegistrations
{
    public List<Func<IServiceProvider, string, DelegatingHandler>> Factories { get; } = [];
}
