using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OciRegistry.Client.Http.Resilience;

namespace OciRegistry.Client.Http.Transport;

/// <summary>
/// Builds the handler pipeline of each per-registry named client on demand from <see cref="RegistryHandlerChain"/>,
/// with the registered registry handlers (authentication) between the rate-limit gate and the timeouts.
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
                builder.PrimaryHandler = RegistryHandlerChain.CreatePrimaryHandler(null);
                foreach (var handler in RegistryHandlerChain.CreateStorageHandlers(
                    clientOptions.CurrentValue, builder.Services.GetService<ILoggerFactory>(), builder.Services.GetService<TimeProvider>()))
                {
                    builder.AdditionalHandlers.Add(handler);
                }
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
            var current = clientOptions.CurrentValue;
            builder.PrimaryHandler = RegistryHandlerChain.CreatePrimaryHandler(current.For(registry));
            foreach (var handler in RegistryHandlerChain.CreateRegistryHandlers(
                registry,
                current,
                builder.Services.GetRequiredService<RegistryRateLimits>(),
                builder.Services.GetService<ILoggerFactory>(),
                builder.Services.GetService<TimeProvider>()))
            {
                builder.AdditionalHandlers.Add(handler);
            }

            foreach (var registration in handlerRegistrations.Value.Factories)
            {
                builder.AdditionalHandlers.Add(registration(builder.Services, registry));
            }

            builder.AdditionalHandlers.Add(RegistryHandlerChain.CreateTimeoutHandler(registry, current));
        });

        // Blob bodies stream for as long as they take; per-request deadlines come from cancellation instead.
        options.HttpClientActions.Add(client => client.Timeout = Timeout.InfiniteTimeSpan);
    }
}

/// <summary>The factories of extra handlers (such as authentication) placed in every per-registry client.</summary>
internal sealed class RegistryHandlerRegistrations
{
    public List<Func<IServiceProvider, string, DelegatingHandler>> Factories { get; } = [];
}
