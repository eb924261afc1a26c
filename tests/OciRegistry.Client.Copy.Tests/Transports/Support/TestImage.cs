using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Tests.Transports.Support;

/// <summary>An image (or index) built in a test: its top-level manifest, its instances and every blob's bytes.</summary>
internal sealed class TestImage
{
    private TestImage(Manifest manifest, IReadOnlyDictionary<Digest, Manifest> manifests, IReadOnlyDictionary<Digest, byte[]> blobs)
    {
        Manifest = manifest;
        Manifests = manifests;
        Blobs = blobs;
    }

    public Manifest Manifest { get; }

    /// <summary>Every manifest by digest, the top-level one included.</summary>
    public IReadOnlyDictionary<Digest, Manifest> Manifests { get; }

    public IReadOnlyDictionary<Digest, byte[]> Blobs { get; }

    /// <summary>One platform: a real gzip'd tar layer holding /hello.txt, and a config whose diff ID matches it.</summary>
    public static TestImage Single(string architecture = "amd64", string text = "hello from the transports tests\n")
    {
        var (manifest, blobs) = BuildImage(architecture, text);
        return new TestImage(manifest, new Dictionary<Digest, Manifest> { [manifest.Digest] = manifest }, blobs);
    }

    /// <summary>A two-platform OCI index (linux/amd64 and linux/arm64) of two images with distinct layers.</summary>
    public static TestImage Index()
    {
        var (amd64, amd64Blobs) = BuildImage("amd64", "amd64 content\n");
        var (arm64, arm64Blobs) = BuildImage("arm64", "arm64 content\n");
        var index = Manifest.Create(new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests =
            [
                amd64.Descriptor with { Platform = new Platform { OS = "linux", Architecture = "amd64" } },
                arm64.Descriptor with { Platform = new Platform { OS = "linux", Architecture = "arm64" } },
            ],
        });
        var blobs = amd64Blobs.Concat(arm64Blobs).ToDictionary();
        return new TestImage(
            index,
            new Dictionary<Digest, Manifest> { [index.Digest] = index, [amd64.Digest] = amd64, [arm64.Digest] = arm64 },
            blobs);
    }

    public static byte[] LayerTar(string text)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "hello.txt")
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)),
                ModificationTime = DateTimeOffset.UnixEpoch,
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            };
            writer.WriteEntry(entry);
        }

        return tar.ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return compressed.ToArray();
    }

    private static (Manifest Manifest, Dictionary<Digest, byte[]> Blobs) BuildImage(string architecture, string text)
    {
        var tar = LayerTar(text);
        var layer = Gzip(tar);
        var config = new ImageConfig
        {
            Created = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero),
            Architecture = architecture,
            OS = "linux",
            Config = new ContainerConfig { Cmd = ["/bin/cat", "/hello.txt"], Env = ["PATH=/bin"] },
            RootFileSystem = new RootFileSystem { DiffIds = [Digest.Compute(tar)] },
            History = [new HistoryEntry { CreatedBy = "transports test", Created = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero) }],
        }.ToJsonBytes();
        var configDescriptor = Descriptor.FromContent(MediaTypes.OciConfig, config);
        var layerDescriptor = Descriptor.FromContent(MediaTypes.OciLayerGzip, layer);
        var manifest = Manifest.Create(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = configDescriptor,
            Layers = [layerDescriptor],
        });
        return (manifest, new Dictionary<Digest, byte[]> { [configDescriptor.Digest] = config, [layerDescriptor.Digest] = layer });
    }
}
