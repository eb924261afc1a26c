using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using OciRegistry.Client;
using OciRegistry.Client.Auth;
using OciRegistry.Client.DependencyInjection;
using OciRegistry.Client.Http;
using OciRegistry.Client.Http.Transport;

#pragma warning disable IDE0130 // Extension methods live where IServiceCollection users look for them.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the OCI registry client in a host's services.</summary>
public static class OciRegistryServiceCollectionExtensions
{
    // Marks that the authentication handler is registered, so calling AddOciRegistryClient twice adds it once.
    private sealed class AuthenticationHandlerMarker;

    /// <summary>
    /// Registers <see cref="OciRegistryClient"/> (a singleton) on <see cref="IHttpClientFactory"/>, with its options
    /// validated when the host starts, and as the opener of <c>docker://</c> locations in <see cref="ImageOpener"/>;
    /// returns the builder that the copy package extends. Registry
    /// authentication (Basic and Bearer challenges, tokens, docker and podman credential stores) is on: configure it
    /// with <c>services.AddOciRegistryAuthentication(o => …)</c>.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the client's options; may be <see langword="null"/>.</param>
    /// <returns>The builder, for chaining <c>Add…</c> calls of the other OciRegistry.Client packages.</returns>
    public static IOciRegistryBuilder AddOciRegistryClient(this IServiceCollection services, Action<OciRegistryClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHttpClient();
        services.AddLogging();
        var options = services.AddOptions<OciRegistryClientOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OciRegistryClientOptions>, OciRegistryClientOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HttpClientFactoryOptions>, RegistryHttpClientConfigurator>());
        services.AddOptions<RegistryHandlerRegistrations>();
        services.TryAddSingleton<OciRegistryClient>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IImageTransportOpener, OciRegistryClient>(static provider => provider.GetRequiredService<OciRegistryClient>()));
        services.TryAddSingleton<ImageOpener>();
        services.TryAddSingleton<OciRegistry.Client.Http.Resilience.RegistryRateLimits>();
        services.AddOciRegistryAuthentication();
        var builder = new OciRegistryBuilder(services);
        if (!services.Any(d => d.ServiceType == typeof(AuthenticationHandlerMarker)))
        {
            services.AddSingleton<AuthenticationHandlerMarker>();
            builder.AddRegistryHttpHandler(static (provider, registry) => provider.GetRequiredService<RegistryAuthenticator>().CreateHandler(
                registry,
                provider.GetRequiredService<IOptionsMonitor<OciRegistryClientOptions>>().CurrentValue.For(registry).Insecure));
        }

        return builder;
    }

    /// <summary>
    /// Adds a handler to the HTTP pipeline of every registry the client talks to, between the retries (outside)
    /// and the transport (inside), so each retry passes through it again; this is where the authentication package plugs in its challenge handler. The factory is called once
    /// per handler pipeline with the registry it is for (as written in image references).
    /// </summary>
    /// <param name="builder">The builder from <see cref="AddOciRegistryClient"/>.</param>
    /// <param name="factory">Creates the handler for a registry.</param>
    /// <returns>The same builder.</returns>
    public static IOciRegistryBuilder AddRegistryHttpHandler(this IOciRegistryBuilder builder, Func<IServiceProvider, string, DelegatingHandler> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.Configure<RegistryHandlerRegistrations>(r => r.Factories.Add(factory));
        return builder;
    }

    /// <summary>
    /// Reads containers-registries.conf (and its drop-ins) when the client's options are first needed, so the client's
    /// pulls follow its rewrites and mirrors and refuse its blocked registries, and registers a
    /// <see cref="OciRegistry.Client.Http.RegistriesConf.ShortNameResolver"/> on the same configuration for hosts that
    /// accept short names. A file that cannot be read or is not valid fails the host's start, naming the file and key.
    /// </summary>
    /// <param name="builder">The builder from <see cref="AddOciRegistryClient"/>.</param>
    /// <param name="path">The file; <see langword="null"/> to look it up (<c>CONTAINERS_REGISTRIES_CONF</c>, the user's, the system's).</param>
    /// <returns>The same builder.</returns>
    public static IOciRegistryBuilder AddRegistriesConfiguration(this IOciRegistryBuilder builder, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<OciRegistryClientOptions>(o => o.RegistriesConfiguration = OciRegistry.Client.Http.RegistriesConf.RegistriesConfiguration.Load(path));
        builder.Services.TryAddSingleton(static provider => new OciRegistry.Client.Http.RegistriesConf.ShortNameResolver(
            provider.GetRequiredService<IOptions<OciRegistryClientOptions>>().Value.RegistriesConfiguration
            ?? OciRegistry.Client.Http.RegistriesConf.RegistriesConfiguration.Empty));
        return builder;
    }
}
