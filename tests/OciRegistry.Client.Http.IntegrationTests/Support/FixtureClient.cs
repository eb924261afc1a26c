using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client.DependencyInjection;

namespace OciRegistry.Client.Http.IntegrationTests.Support;

/// <summary>
/// An <see cref="OciRegistryClient"/> from the real DI registration, set up for a fixture the way a user would:
/// plain-HTTP registries marked insecure, TLS registries trusting the fixture's CA through its certificate directory.
/// </summary>
public sealed class FixtureClient : IDisposable
{
    private readonly ServiceProvider _services;

    /// <param name="registry">The registry the client is set up for.</param>
    /// <param name="host">Changes the fixture's host settings (after the defaults above).</param>
    /// <param name="options">Changes the client's options (after the host settings and short retry delays).</param>
    /// <param name="builder">Adds to the registration, e.g. a handler through <c>AddRegistryHttpHandler</c>.</param>
    public FixtureClient(
        RegistryFixture registry,
        Action<RegistryHostOptions>? host = null,
        Action<OciRegistryClientOptions>? options = null,
        Action<IOciRegistryBuilder>? builder = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Registry = registry;
        var settings = new RegistryHostOptions
        {
            Insecure = !registry.Options.Tls,
            CertificateDirectory = registry.CaCertificateDirectory,
        };
        host?.Invoke(settings);
        var services = new ServiceCollection();
        var registration = services.AddOciRegistryClient(o =>
        {
            o.Registries[registry.Host] = settings;
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
            o.Retry.MaxDelay = TimeSpan.FromMilliseconds(100);
            options?.Invoke(o);
        });
        builder?.Invoke(registration);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Client = _services.GetRequiredService<OciRegistryClient>();
    }

    public RegistryFixture Registry { get; }

    public OciRegistryClient Client { get; }

    public RegistryRepository Repository(string repository) => Client.GetRepository($"{Registry.Host}/{repository}");

    public void Dispose() => _services.Dispose();
}
