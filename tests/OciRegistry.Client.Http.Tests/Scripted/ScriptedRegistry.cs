using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace OciRegistry.Client.Http.Tests.Scripted;

/// <summary>
/// An <see cref="OciRegistryClient"/> built through the real DI registration, with the network replaced by a
/// <see cref="ScriptedHandler"/> at the bottom of every registry's handler pipeline (retries and registered handlers
/// stay in place above it).
/// </summary>
public sealed class ScriptedRegistry : IDisposable
{
    private readonly ServiceProvider _services;

    public ScriptedRegistry(ScriptedHandler handler, Action<OciRegistryClientOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        Handler = handler;
        var collection = new ServiceCollection();
        collection.AddOciRegistryClient(o =>
        {
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
            o.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
            configure?.Invoke(o);
        });
        collection.ConfigureAll<HttpClientFactoryOptions>(o => o.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = handler));
        services?.Invoke(collection);
        _services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Client = _services.GetRequiredService<OciRegistryClient>();
    }

    public ScriptedHandler Handler { get; }

    public OciRegistryClient Client { get; }

    public IServiceProvider Services => _services;

    /// <summary>The repository <c>registry.test/REPOSITORY</c> (requests go to https://registry.test/).</summary>
    public RegistryRepository Repository(string repository = "team/app") => Client.GetRepository($"registry.test/{repository}");

    public void Dispose()
    {
        _services.Dispose();
        Handler.Dispose();
    }
}
