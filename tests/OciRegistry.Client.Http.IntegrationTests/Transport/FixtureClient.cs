using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client.TestSupport.Registry;

namespace OciRegistry.Client.Http.IntegrationTests.Transport;

/// <summary>
/// An <see cref="OciRegistryClient"/> from the real DI registration, set up for a fixture the way a user would:
/// plain-HTTP registries marked insecure, TLS registries trusting the fixture's CA through its certificate directory.
/// </summary>
public sealed class FixtureClient : IDisposable
{
    private readonly ServiceProvider _services;

    public FixtureClient(RegistryFixture registry, Action<RegistryHostOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Registry = registry;
        var settings = new RegistryHostOptions
        {
            Insecure = !registry.Options.Tls,
            CertificateDirectory = registry.CaCertificateDirectory,
        };
        configure?.Invoke(settings);
        var services = new ServiceCollection();
        services.AddOciRegistryClient(o =>
        {
            o.Registries[registry.Host] = settings;
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
            o.Retry.MaxDelay = TimeSpan.FromMilliseconds(100);
        });
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Client = _services.GetRequiredService<OciRegistryClient>();
    }

    public RegistryFixture Registry { get; }

    public OciRegistryClient Client { get; }

    public RegistryRepository Repository(string repository) => Client.GetRepository($"{Registry.Host}/{repository}");

    public void Dispose() => _services.Dispose();
}
