using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OciRegistry.Client.Auth;
using OciRegistry.Client.Auth.Credentials;

#pragma warning disable IDE0130 // Extension methods live where IServiceCollection users look for them.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers registry authentication in a host's services.</summary>
public static class RegistryAuthenticationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RegistryAuthenticator"/> (a singleton) with its options. Credentials are looked up in the
    /// order of containers/image, with the registered stores added:
    /// <see cref="RegistryAuthenticationOptions.Credentials"/>, then every <see cref="ICredentialStore"/>
    /// service in registration order, then the auth files (<see cref="RegistryAuthenticationOptions.AuthFile"/> or
    /// <c>REGISTRY_AUTH_FILE</c> alone; otherwise <c>$XDG_RUNTIME_DIR/containers/auth.json</c>,
    /// <c>${XDG_CONFIG_HOME:-~/.config}/containers/auth.json</c>, <c>$DOCKER_CONFIG/config.json</c> or
    /// <c>~/.docker/config.json</c>) with the credential helpers they name. Plug the handler into a registry's HTTP
    /// pipeline with <see cref="RegistryAuthenticator.CreateHandler"/>. <see cref="RegistryLoginStore"/> (also as
    /// <see cref="ICredentialWriter"/>) stores and erases credentials for <c>login</c> and <c>logout</c>.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the options; may be <see langword="null"/>.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddOciRegistryAuthentication(this IServiceCollection services, Action<RegistryAuthenticationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<RegistryAuthenticationOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(provider => Create(provider, ProcessEnvironmentVariables.Instance, ProcessRunner.Instance));
        services.TryAddSingleton(provider => new RegistryLoginStore(
            provider.GetRequiredService<IOptions<RegistryAuthenticationOptions>>(),
            provider.GetService<ILoggerFactory>()));
        services.TryAddSingleton<ICredentialWriter>(provider => provider.GetRequiredService<RegistryLoginStore>());
        return services;
    }

    internal static RegistryAuthenticator Create(IServiceProvider provider, IEnvironmentVariables environment, IProcessRunner runner) =>
        RegistryAuthenticator.Create(
            provider.GetRequiredService<IOptions<RegistryAuthenticationOptions>>().Value,
            provider.GetServices<ICredentialStore>(),
            environment,
            runner,
            provider.GetService<ILoggerFactory>(),
            provider.GetService<TimeProvider>());
}
