using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client.Auth;
using OciRegistry.Client.Http;
using OciRegistry.Client.TestSupport.Registry;

namespace OciRegistry.Client.Auth.IntegrationTests.Support;

/// <summary>
/// An <see cref="OciRegistryClient"/> from the real DI registration with authentication configured as a user would:
/// plain-HTTP registries marked insecure (Basic is only sent to those or over https), TLS registries trusting the
/// fixture's CA through its certificate directory. No auth file of the machine is read unless a test names one.
/// </summary>
internal sealed class AuthTestClient : IDisposable
{
    private readonly ServiceProvider _services;

    public AuthTestClient(
        RegistryFixture registry,
        Action<RegistryAuthenticationOptions>? authentication = null,
        bool? insecure = null,
        TimeProvider? timeProvider = null,
        Action<OciRegistryClientOptions>? client = null)
    {
        Registry = registry;
        var services = new ServiceCollection();
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        services.AddOciRegistryClient(o =>
        {
            o.Registries[registry.Host] = new RegistryHostOptions
            {
                Insecure = insecure ?? !registry.Options.Tls,
                CertificateDirectory = registry.CaCertificateDirectory,
            };
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
            o.Retry.MaxDelay = TimeSpan.FromMilliseconds(100);
            client?.Invoke(o);
        });
        services.AddOciRegistryAuthentication(o =>
        {
            o.UseAuthFiles = false;
            authentication?.Invoke(o);
        });
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Client = _services.GetRequiredService<OciRegistryClient>();
    }

    public RegistryFixture Registry { get; }

    public OciRegistryClient Client { get; }

    public RegistryRepository Repository(string name, RepositoryAccess access = RepositoryAccess.Pull) =>
        Client.GetRepository(ImageReference.Parse($"{Registry.Host}/{name}"), access);

    /// <summary>Explicit username and password for the fixture's registry.</summary>
    public static Action<RegistryAuthenticationOptions> Credentials(RegistryFixture registry, string username, string password) =>
        o => o.Credentials[registry.Host] = RegistryCredential.FromUsernamePassword(username, password);

    public void Dispose() => _services.Dispose();
}
