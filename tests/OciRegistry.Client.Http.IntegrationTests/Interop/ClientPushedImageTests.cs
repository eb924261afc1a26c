using System.Formats.Tar;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Text.Json;
using OciRegistry.Client.TestSupport.Tools;

namespace OciRegistry.Client.Http.IntegrationTests.Interop;

/// <summary>
/// Images made and pushed by the client (config, a real gzip'd tar layer, manifest, index) read back by skopeo:
/// the bytes skopeo sees are the bytes we pushed, and it copies them out whole.
/// </summary>
public sealed class ClientPushedImageTests(RegistryFixture registry, ITestOutputHelper output)
    : RegistryTests<RegistryFixture>(registry, output), IClassFixture<RegistryFixture>
{
    private readonly Skopeo _skopeo = Skopeo.Locate();

    [Fact]
    public async Task An_image_pushed_by_the_client_is_read_and_copied_by_skopeo()
    {
        var repository = Client.Repository(Registry.NewRepository("interop/pushed"));
        var image = await PushImageAsync(repository, "amd64", "v1");
        var reference = Registry.DockerReference(repository.Repository, "v1");

        var raw = await _skopeo.InspectRawAsync(reference, Registry.GetSkopeoAccess());
        Assert.Equal(image.Manifest.Content.ToArray(), raw.ToArray());

        using (var inspected = JsonDocument.Parse(await _skopeo.InspectAsync(reference, Registry.GetSkopeoAccess())))
        {
            var root = inspected.RootElement;
            Assert.Equal("amd64", root.GetProperty("Architecture").GetString());
            Assert.Equal("linux", root.GetProperty("Os").GetString());
            Assert.Equal(image.Manifest.Digest.ToString(), root.GetProperty("Digest").GetString());
            Assert.Equal([image.Layer.Digest.ToString()], root.GetProperty("Layers").EnumerateArray().Select(l => l.GetString()));
        }

        // skopeo's dir: format: manifest.json, each blob in a file named by its hex digest, and a version file.
        var directory = Path.Combine(Registry.CreateScratchDirectory("dir-copy"), "image");
        var copied = await _skopeo.CopyAsync(reference, "dir:" + directory, sourceAccess: Registry.GetSkopeoAccess());

        Assert.Equal(image.Manifest.Digest, copied);
        Assert.Equal(image.Manifest.Content.ToArray(), await File.ReadAllBytesAsync(Path.Combine(directory, "manifest.json")));
        Assert.StartsWith("Directory Transport Version: ", await File.ReadAllTextAsync(Path.Combine(directory, "version")), StringComparison.Ordinal);
        foreach (var blob in new[] { image.Config, image.Layer })
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(directory, blob.Digest.Encoded));
            Assert.Equal(blob.Size, bytes.Length);
            Assert.Equal(blob.Digest, Digest.Compute(bytes));
        }

        Assert.Equal(
            new[] { image.Config.Digest.Encoded, image.Layer.Digest.Encoded, "manifest.json", "version" }.Order(StringComparer.Ordinal),
            Directory.GetFiles(directory).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal));

        // The layer's diff_id in the config is the digest of the tar inside the gzip skopeo copied out.
        await using var layer = new GZipStream(File.OpenRead(Path.Combine(directory, image.Layer.Digest.Encoded)), CompressionMode.Decompress);
        Assert.Equal(image.DiffId, (await BlobContent.HashAsync(layer)).Digest);
    }

    [Fact]
    public async Task An_index_pushed_by_the_client_is_read_and_copied_whole_by_skopeo()
    {
        var repository = Client.Repository(Registry.NewRepository("interop/index"));
        var amd64 = await PushImageAsync(repository, "amd64", tag: null);
        var arm64 = await PushImageAsync(repository, "arm64", tag: null);
        var index = Manifest.Create(new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests =
            [
                amd64.Manifest.Descriptor with { Platform = new Platform { Architecture = "amd64", OS = "linux" } },
                arm64.Manifest.Descriptor with { Platform = new Platform { Architecture = "arm64", OS = "linux" } },
            ],
        });
        await repository.PushManifestAsync(index, "multi");
        var reference = Registry.DockerReference(repository.Repository, "multi");

        var raw = await _skopeo.InspectRawAsync(reference, Registry.GetSkopeoAccess());
        Assert.Equal(index.Content.ToArray(), raw.ToArray());

        var layout = Path.Combine(Registry.CreateScratchDirectory("oci-copy"), "layout");

        // The fixture serves plain HTTP without auth.
        await _skopeo.RunAsync(["copy", "--quiet", "--all", "--src-tls-verify=false", "--src-no-creds", reference, $"oci:{layout}:multi"]);

        // The layout names our index under the tag, and holds every manifest and blob under its digest, unchanged.
        using (var layoutIndex = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(layout, "index.json"))))
        {
            var entry = Assert.Single(layoutIndex.RootElement.GetProperty("manifests").EnumerateArray());
            Assert.Equal(index.Digest.ToString(), entry.GetProperty("digest").GetString());
            Assert.Equal("multi", entry.GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString());
        }

        Assert.Equal(index.Content.ToArray(), await File.ReadAllBytesAsync(BlobPath(layout, index.Digest)));
        foreach (var image in new[] { amd64, arm64 })
        {
            Assert.Equal(image.Manifest.Content.ToArray(), await File.ReadAllBytesAsync(BlobPath(layout, image.Manifest.Digest)));
            foreach (var blob in new[] { image.Config, image.Layer })
            {
                var bytes = await File.ReadAllBytesAsync(BlobPath(layout, blob.Digest));
                Assert.Equal(blob.Size, bytes.Length);
                Assert.Equal(blob.Digest, Digest.Compute(bytes));
            }
        }
    }

    private static string BlobPath(string layout, Digest digest) => Path.Combine(layout, "blobs", digest.Algorithm, digest.Encoded);

    /// <summary>Builds a one-layer linux image for <paramref name="architecture"/> and pushes it through the client.</summary>
    private static async Task<PushedParts> PushImageAsync(RegistryRepository repository, string architecture, string? tag)
    {
        var tar = LayerTar($"built for {architecture}\n");
        var diffId = Digest.Compute(tar);
        var layerBytes = Gzip(tar);
        var configBytes = new ImageConfig
        {
            Architecture = architecture,
            OS = "linux",
            RootFileSystem = new RootFileSystem { DiffIds = [diffId] },
        }.ToJsonBytes();
        var config = Descriptor.FromContent(MediaTypes.OciConfig, configBytes);
        var layer = Descriptor.FromContent(MediaTypes.OciLayerGzip, layerBytes);

        await using (var content = new MemoryStream(configBytes))
        {
            await repository.PushBlobAsync(config, PipeReader.Create(content));
        }

        await using (var content = new MemoryStream(layerBytes))
        {
            await repository.PushBlobAsync(layer, PipeReader.Create(content));
        }

        var manifest = Manifest.Create(new ImageManifest { MediaType = MediaTypes.OciManifest, Config = config, Layers = [layer] });
        await repository.PushManifestAsync(manifest, tag);
        return new PushedParts(manifest, config, layer, diffId);
    }

    /// <summary>An uncompressed tar of one directory and one file in it.</summary>
    private static byte[] LayerTar(string text)
    {
        var modified = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "etc/") { ModificationTime = modified, Mode = (UnixFileMode)0b111_101_101 });
            var file = new PaxTarEntry(TarEntryType.RegularFile, "etc/hello.txt")
            {
                ModificationTime = modified,
                Mode = (UnixFileMode)0b110_100_100,
                DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)),
            };
            writer.WriteEntry(file);
        }

        return tar.ToArray();
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return compressed.ToArray();
    }

    private sealed record PushedParts(Manifest Manifest, Descriptor Config, Descriptor Layer, Digest DiffId);
}
