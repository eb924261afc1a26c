using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client.DependencyInjection;
using OciRegistry.Client.TestSupport.Faults;

namespace OciRegistry.Client.Http.IntegrationTests.Faults;

/// <summary>
/// An <see cref="OciRegistryClient"/> from the real DI registration that reaches a registry only through a
/// <see cref="FaultProxy"/>: the image references name the proxy's host, marked insecure (plain HTTP), with short
/// retry delays that still honour a <c>Retry-After</c> of one second.
/// </summary>
internal sealed class ProxiedClient : IDisposable
{
    private readonly ServiceProvider _services;

    public ProxiedClient(FaultProxy proxy, Action<OciRegistryClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        Proxy = proxy;
        var services = new ServiceCollection();
        services.AddOciRegistryClient(o =>
        {
            o.Registries[proxy.Host] = new RegistryHostOptions { Insecure = true };
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
            o.Retry.MaxDelay = TimeSpan.FromSeconds(2);
            configure?.Invoke(o);
        });
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Client = _services.GetRequiredService<OciRegistryClient>();
    }

    public FaultProxy Proxy { get; }

    public OciRegistryClient Client { get; }

    public RegistryRepository Repository(string repository) => Client.GetRepository($"{Proxy.Host}/{repository}");

    public void Dispose() => _services.Dispose();
}
