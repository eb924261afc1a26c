using OciRegistry.Client.TestSupport.Registry;
using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client.Http;
using OciRegistry.Client.Models;
using System.IO.Pipelines;

namespace OciRegistry.Client.Copy.IntegrationTests.Support;

/// <summary>
/// The copy engine and the registry client from the real DI registration, set up for plain-HTTP fixtures the way a
/// user would (registries marked insecure, short retry delays), with helpers to open repositories.
/// </summary>
public sealed class CopyHarness : IDisposable
{
    private readonly ServiceProvider _services;

    public CopyHarness(params RegistryFixture[] registries)
        : this(registries.Select(r => r.Host), TimeSpan.FromMilliseconds(100))
    {
    }

    /// <param name="insecureHosts">The plain-HTTP registries (fixtures, or proxies in front of them) as host:port.</param>
    /// <param name="maxRetryDelay">The longest wait between HTTP retries; it also caps a registry's Retry-After.</param>
    /// <param name="configure">Further client settings, applied last.</param>
    public CopyHarness(IEnumerable<string> insecureHosts, TimeSpan maxRetryDelay, Action<OciRegistryClientOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddOciRegistryClient(o =>
        {
            foreach (var host in insecureHosts)
            {
                o.Registries[host] = new RegistryHostOptions { Insecure = true };
            }

            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
            o.Retry.MaxDelay = maxRetryDelay;
            configure?.Invoke(o);
        }).AddCopyEngine(o => o.RetryDelay = TimeSpan.FromMilliseconds(10));
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Client = _services.GetRequiredService<OciRegistryClient>();
        Copier = _services.GetRequiredService<ImageCopier>();
        Opener = _services.GetRequiredService<ImageOpener>();
    }

    public OciRegistryClient Client { get; }

    public ImageCopier Copier { get; }

    /// <summary>Gets the opener of every transport, as the registration composes it.</summary>
    public ImageOpener Opener { get; }

    public RegistryRepository Source(RegistryFixture registry, string repository) => Source(registry.Host, repository);

    public RegistryRepository Source(string host, string repository) =>
        Client.GetRepository(ImageReference.Parse($"{host}/{repository}"), RepositoryAccess.Pull);

    public RegistryRepository Destination(RegistryFixture registry, string repository) =>
        Client.GetRepository(ImageReference.Parse($"{registry.Host}/{repository}"), RepositoryAccess.PullPush);

    /// <summary>Pushes one image per platform (a config naming the platform, a shared layer and one of its own) and an OCI index of them.</summary>
    /// <summary>
    /// Pushes an index of one image per platform; with <paramref name="attestations"/>, also one BuildKit attestation
    /// manifest per image after them (returned after the images, in the same order).
    /// </summary>
    public async Task<(Manifest Index, IReadOnlyList<Manifest> Images)> PushIndexAsync(
        RegistryFixture registry, string repository, string tag, IReadOnlyList<string> platforms, bool attestations = false)
    {
        var target = Destination(registry, repository);
        var shared = await PushBlobAsync(target, RandomBytes(40_000, 1), MediaTypes.OciLayerGzip);
        var images = new List<Manifest>();
        var entries = new List<Descriptor>();
        for (var i = 0; i < platforms.Count; i++)
        {
            var platform = Platform.Parse(platforms[i]);
            var config = await PushBlobAsync(
                target,
                System.Text.Encoding.UTF8.GetBytes($$$"""{"architecture":"{{{platform.Architecture}}}","os":"{{{platform.OS}}}","rootfs":{"type":"layers","diff_ids":[]}}"""),
                MediaTypes.OciConfig);
            var own = await PushBlobAsync(target, RandomBytes(10_000 + i, 10 + i), MediaTypes.OciLayerGzip);
            var image = Manifest.Create(new ImageManifest { MediaType = MediaTypes.OciManifest, Config = config, Layers = [shared, own] });
            await target.PushManifestAsync(image);
            images.Add(image);
            entries.Add(image.Descriptor with { Platform = platform });
        }

        if (attestations)
        {
            // As BuildKit writes provenance: one attestation manifest per image, platform unknown/unknown, naming its image by annotation.
            foreach (var image in images.ToArray())
            {
                var config = await PushBlobAsync(target, """{"architecture":"unknown","os":"unknown","rootfs":{"type":"layers","diff_ids":[]}}"""u8.ToArray(), MediaTypes.OciConfig);
                var statement = await PushBlobAsync(
                    target,
                    System.Text.Encoding.UTF8.GetBytes($$$"""{"_type":"https://in-toto.io/Statement/v0.1","subject":[{"digest":{"sha256":"{{{image.Digest.Encoded}}}"}}]}"""),
                    "application/vnd.in-toto+json");
                var attestation = Manifest.Create(new ImageManifest { MediaType = MediaTypes.OciManifest, Config = config, Layers = [statement] });
                await target.PushManifestAsync(attestation);
                images.Add(attestation);
                entries.Add(attestation.Descriptor with
                {
                    Platform = Platform.Parse("unknown/unknown"),
                    Annotations = new Dictionary<string, string>
                    {
                        ["vnd.docker.reference.digest"] = image.Digest.ToString(),
                        ["vnd.docker.reference.type"] = "attestation-manifest",
                    },
                });
            }
        }

        var index = Manifest.Create(new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = entries });
        await target.PushManifestAsync(index, tag);
        return (index, images);
    }

    public void Dispose() => _services.Dispose();

    private static async Task<Descriptor> PushBlobAsync(RegistryRepository repository, byte[] content, string mediaType)
    {
        var descriptor = Descriptor.FromContent(mediaType, content);
        using var stream = new MemoryStream(content);
        await repository.PushBlobAsync(descriptor, PipeReader.Create(stream));
        return descriptor;
    }

    private static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
