using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client.TestSupport.Registry;

namespace OciRegistry.Client.Http.IntegrationTests.Uploads;

/// <summary>An <see cref="OciRegistryClient"/> from the real DI registration, pointed at a test registry on loopback.</summary>
internal sealed class UploadClient : IDisposable
{
    private readonly ServiceProvider _services;

    public UploadClient(RegistryFixture registry, Action<OciRegistryClientOptions>? configure = null)
    {
        Registry = registry;
        var services = new ServiceCollection();
        services.AddOciRegistryClient(o =>
        {
            // The fixture's registry speaks plain HTTP unless it was started with TLS.
            o.Registries[registry.Host] = new RegistryHostOptions { Insecure = !registry.Options.Tls };
            configure?.Invoke(o);
        });
        _services = services.BuildServiceProvider();
        Client = _services.GetRequiredService<OciRegistryClient>();
    }

    public RegistryFixture Registry { get; }

    public OciRegistryClient Client { get; }

    public RegistryRepository Repository(string name) => Client.GetRepository($"{Registry.Host}/{name}");

    /// <summary>Reads a blob back through FetchBlobAsync and returns its digest and length, hashed as it streams.</summary>
    public static async Task<(Digest Digest, long Size)> ReadBackAsync(RegistryRepository repository, Models.Descriptor blob)
    {
        using var hash = IncrementalDigest.Create();
        await using var content = await repository.FetchBlobAsync(blob);
        var buffer = new byte[128 * 1024];
        int read;
        while ((read = await content.Stream.ReadAsync(buffer)) > 0)
        {
            hash.Append(buffer.AsSpan(0, read));
        }

        var size = hash.BytesHashed;
        return (hash.Complete(), size);
    }

    public void Dispose() => _services.Dispose();
}
