using OciRegistry.Client.Copy.IntegrationTests.Support;
using OciRegistry.Client.Models;
using OciRegistry.Client.TestSupport.Images;
using OciRegistry.Client.TestSupport.Registry;

namespace OciRegistry.Client.Copy.IntegrationTests.Transports;

/// <summary>
/// A registry and the images the transport tests start from, built once per test class: a single image (umoci builds
/// it, skopeo pushes it) and a three-platform index of umoci images (one per architecture, pushed by skopeo) that the
/// Http client lists in an OCI index.
/// </summary>
public sealed class TransportImages : IAsyncLifetime
{
    public const string Repository = "transports/source";

    public const string ImageTag = "image";

    public const string IndexTag = "multi";

    public static readonly IReadOnlyList<Platform> IndexPlatforms =
        [Platform.Parse("linux/amd64"), Platform.Parse("linux/arm64"), Platform.Parse("linux/s390x")];

    private RegistryFixture? _registry;
    private CopyHarness? _harness;

    public RegistryFixture Registry => _registry ?? throw new InvalidOperationException("The fixture has not started.");

    public CopyHarness Harness => _harness ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>Gets the single image, tagged <see cref="ImageTag"/> in <see cref="Repository"/>.</summary>
    public PushedImage Image { get; private set; } = null!;

    /// <summary>Gets the index, tagged <see cref="IndexTag"/> in <see cref="Repository"/>.</summary>
    public Manifest Index { get; private set; } = null!;

    /// <summary>Gets the instances of <see cref="Index"/>, in the order of <see cref="IndexPlatforms"/>.</summary>
    public IReadOnlyList<Digest> Instances { get; private set; } = [];

    public async Task InitializeAsync()
    {
        _registry = await RegistryFixture.StartAsync(new RegistryOptions());
        _harness = new CopyHarness(_registry);
        var images = TestImages.Locate();
        Image = await images.PushAsync(_registry, Repository, ImageTag, new TestImageContent { FileContent = "one image\n" });

        var layout = _registry.CreateScratchDirectory("index-layout");
        var entries = new List<Descriptor>();
        foreach (var platform in IndexPlatforms)
        {
            var tag = platform.Architecture;
            await images.BuildLayoutAsync(layout, tag, new TestImageContent { FileContent = $"built for {platform.Architecture}\n" });
            await images.Umoci.ConfigAsync(layout, tag, ["--architecture", platform.Architecture, "--os", platform.OS]);
            var digest = await images.Skopeo.CopyAsync($"oci:{layout}:{tag}", _registry.DockerReference(Repository, tag), destinationAccess: _registry.GetSkopeoAccess());
            var instance = await _harness.Source(_registry, Repository).FetchManifestAsync(digest.ToString());
            entries.Add(instance.Descriptor with { Platform = platform });
        }

        Index = Manifest.Create(new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = entries });
        await _harness.Destination(_registry, Repository).PushManifestAsync(Index, IndexTag);
        Instances = [.. entries.Select(e => e.Digest)];
    }

    public async Task DisposeAsync()
    {
        _harness?.Dispose();
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }
}
