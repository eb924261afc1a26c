using System.IO.Compression;
using System.IO.Pipelines;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client.Http;
using OciRegistry.Client.Models;
using OciRegistry.Client.TestSupport.Registry;

namespace OciRegistry.Client.Sync.IntegrationTests.Support;

/// <summary>
/// The syncer, copier and registry client from the real DI registration (registries marked insecure, short retry
/// delays), one service provider for all the syncs of a test, as the CLI uses it; with a recorder of every request.
/// </summary>
public sealed class SyncHarness : IDisposable
{
    private readonly ServiceProvider _services;

    public SyncHarness(params RegistryFixture[] registries)
        : this(null, registries)
    {
    }

    /// <param name="handler">Another handler for every registry's pipeline, inside the recorder; may be <see langword="null"/>.</param>
    /// <param name="registries">The registries the client talks to.</param>
    public SyncHarness(Func<DelegatingHandler>? handler, params RegistryFixture[] registries)
    {
        var services = new ServiceCollection();
        var builder = services.AddOciRegistryClient(o =>
        {
            foreach (var registry in registries)
            {
                o.Registries[registry.Host] = new RegistryHostOptions { Insecure = true };
            }

            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
            o.Retry.MaxDelay = TimeSpan.FromMilliseconds(100);
        })
        .AddRegistryHttpHandler((_, _) => Recorder.CreateHandler());
        if (handler is not null)
        {
            builder.AddRegistryHttpHandler((_, _) => handler());
        }

        builder.AddSync(o => o.Copy.RetryDelay = TimeSpan.FromMilliseconds(10));
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Client = _services.GetRequiredService<OciRegistryClient>();
        Syncer = _services.GetRequiredService<ImageSyncer>();
    }

    public OciRegistryClient Client { get; }

    public ImageSyncer Syncer { get; }

    public RequestRecorder Recorder { get; } = new();

    public RegistryRepository Repository(RegistryFixture registry, string repository) =>
        Client.GetRepository(ImageReference.Parse($"{registry.Host}/{repository}"), RepositoryAccess.PullPush);

    /// <summary>
    /// Pushes one image per tag: two base layers every image shares (one per seed, so two calls share them too), one
    /// layer and a config of its own. Returns each tag's manifest digest.
    /// </summary>
    public async Task<Dictionary<string, Digest>> PushImagesAsync(
        RegistryFixture registry, string repository, IEnumerable<string> tags, int baseSeed = 1, int baseLayerSize = 20_000)
    {
        var target = Repository(registry, repository);
        var bases = new[]
        {
            await PushBlobAsync(target, RandomBytes(baseLayerSize, baseSeed), MediaTypes.OciLayerGzip),
            await PushBlobAsync(target, RandomBytes(baseLayerSize, baseSeed + 1000), MediaTypes.OciLayerGzip),
        };
        var digests = new Dictionary<string, Digest>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            var config = await PushBlobAsync(
                target,
                Encoding.UTF8.GetBytes($$$"""{"architecture":"amd64","os":"linux","config":{"Labels":{"tag":"{{{repository}}}:{{{tag}}}"}},"rootfs":{"type":"layers","diff_ids":[]}}"""),
                MediaTypes.OciConfig);
            var own = await PushBlobAsync(target, RandomBytes(3_000, HashCode.Combine(repository, tag)), MediaTypes.OciLayerGzip);
            var manifest = Manifest.Create(new ImageManifest { MediaType = MediaTypes.OciManifest, Config = config, Layers = [.. bases, own] });
            await target.PushManifestAsync(manifest, tag);
            digests[tag] = manifest.Digest;
        }

        return digests;
    }

    /// <summary>
    /// Pushes an index (a Docker manifest list with <paramref name="docker"/>) under <paramref name="tag"/> of one
    /// image per platform, each with a config and a layer of its own made from <paramref name="seed"/>. Returns the
    /// index's digest.
    /// </summary>
    public async Task<Digest> PushIndexAsync(RegistryFixture registry, string repository, string tag, IReadOnlyList<string> platforms, bool docker = false, int seed = 1)
    {
        var target = Repository(registry, repository);
        var entries = new List<Descriptor>();
        foreach (var name in platforms)
        {
            var platform = Platform.Parse(name);
            var image = await PushImageAsync(target, platform, docker, HashCode.Combine(name, seed));
            entries.Add(image.Descriptor with { Platform = platform });
        }

        var index = Manifest.Create(new ImageIndex { MediaType = docker ? MediaTypes.DockerManifestList : MediaTypes.OciIndex, Manifests = entries });
        await target.PushManifestAsync(index, tag);
        return index.Digest;
    }

    /// <summary>Pushes one image (Docker schema 2 with <paramref name="docker"/>) under <paramref name="tag"/>; returns its digest.</summary>
    public async Task<Digest> PushImageAsync(RegistryFixture registry, string repository, string tag, bool docker, int seed = 1)
    {
        var target = Repository(registry, repository);
        var image = await PushImageAsync(target, Platform.Parse("linux/amd64"), docker, seed);
        await target.PushManifestAsync(image, tag);
        return image.Digest;
    }

    public async Task<Manifest> ManifestAsync(RegistryFixture registry, string repository, string reference) =>
        await Repository(registry, repository).FetchManifestAsync(reference);

    public async Task<List<string>> TagsAsync(RegistryFixture registry, string repository)
    {
        var tags = new List<string>();
        try
        {
            await foreach (var tag in Repository(registry, repository).ListTagsAsync(CancellationToken.None))
            {
                tags.Add(tag);
            }
        }
        catch (NotFoundException)
        {
        }

        tags.Sort(StringComparer.Ordinal);
        return tags;
    }

    public async Task<Digest?> DigestAsync(RegistryFixture registry, string repository, string tag)
    {
        try
        {
            return (await Repository(registry, repository).ResolveAsync(tag)).Digest;
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    public void Dispose() => _services.Dispose();

    private static async Task<Manifest> PushImageAsync(RegistryRepository target, Platform platform, bool docker, int seed)
    {
        var config = await PushBlobAsync(
            target,
            Encoding.UTF8.GetBytes($$$"""{"architecture":"{{{platform.Architecture}}}","os":"{{{platform.OS}}}","config":{"Labels":{"seed":"{{{seed}}}"}},"rootfs":{"type":"layers","diff_ids":[]}}"""),
            docker ? MediaTypes.DockerConfig : MediaTypes.OciConfig);
        // A real gzip stream, so that a copy that changes layer compression can read it.
        var layer = await PushBlobAsync(target, Gzip(RandomBytes(2_000, seed)), docker ? MediaTypes.DockerLayerGzip : MediaTypes.OciLayerGzip);
        var image = Manifest.Create(new ImageManifest { MediaType = docker ? MediaTypes.DockerManifest : MediaTypes.OciManifest, Config = config, Layers = [layer] });
        await target.PushManifestAsync(image, null);
        return image;
    }

    private static async Task<Descriptor> PushBlobAsync(RegistryRepository repository, byte[] content, string mediaType)
    {
        var descriptor = Descriptor.FromContent(mediaType, content);
        using var stream = new MemoryStream(content);
        await repository.PushBlobAsync(descriptor, PipeReader.Create(stream));
        return descriptor;
    }

    private static byte[] Gzip(byte[] content)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest))
        {
            gzip.Write(content);
        }

        return compressed.ToArray();
    }

    private static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
