using System.Text;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Tests.Support;

/// <summary>Builds images (config, layers, manifests, indexes) with deterministic pseudo-random content into a store.</summary>
public static class TestImage
{
    public static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static Descriptor AddConfig(InMemoryImageStore store, Platform platform, string configType = MediaTypes.OciConfig)
    {
        var json = $$$"""{"architecture":"{{{platform.Architecture}}}","os":"{{{platform.OS}}}","rootfs":{"type":"layers","diff_ids":[]}}""";
        return store.AddBlob(Encoding.UTF8.GetBytes(json), configType);
    }

    /// <summary>Adds an image manifest with the given layers (already in the store) and a config of its own.</summary>
    public static Manifest AddImage(
        InMemoryImageStore store,
        IReadOnlyList<Descriptor> layers,
        Platform? platform = null,
        bool docker = false,
        string? tag = null)
    {
        platform ??= Platform.Parse("linux/amd64");
        var config = AddConfig(store, platform, docker ? MediaTypes.DockerConfig : MediaTypes.OciConfig);
        var manifest = Manifest.Create(new ImageManifest
        {
            MediaType = docker ? MediaTypes.DockerManifest : MediaTypes.OciManifest,
            Config = config,
            Layers = layers,
        });
        store.AddManifest(manifest, tag);
        return manifest;
    }

    public static Descriptor AddLayer(InMemoryImageStore store, int size, int seed, bool docker = false) =>
        store.AddBlob(RandomBytes(size, seed), docker ? MediaTypes.DockerLayerGzip : MediaTypes.OciLayerGzip);

    /// <summary>Adds an index of one image per platform; every image shares <paramref name="shared"/> and has one layer of its own.</summary>
    public static (Manifest Index, IReadOnlyList<Manifest> Images) AddIndex(
        InMemoryImageStore store,
        IReadOnlyList<string> platforms,
        Descriptor shared,
        bool docker = false,
        string? tag = null)
    {
        var images = new List<Manifest>();
        var entries = new List<Descriptor>();
        for (var i = 0; i < platforms.Count; i++)
        {
            var platform = Platform.Parse(platforms[i]);
            var own = AddLayer(store, 1000 + i, 100 + i, docker);
            var image = AddImage(store, [shared, own], platform, docker);
            images.Add(image);
            entries.Add(image.Descriptor with { Platform = platform });
        }

        var index = Manifest.Create(new ImageIndex
        {
            MediaType = docker ? MediaTypes.DockerManifestList : MediaTypes.OciIndex,
            Manifests = entries,
        });
        store.AddManifest(index, tag);
        return (index, images);
    }
}
