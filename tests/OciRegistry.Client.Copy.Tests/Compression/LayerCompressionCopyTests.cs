using System.Text;
using OciRegistry.Client.Copy.Tests.Support;
using OciRegistry.Client.Models;
using OciRegistry.Client.TestSupport.Tools;

namespace OciRegistry.Client.Copy.Tests.Compression;

/// <summary>
/// Layer compression conversion by the engine, between in-memory stores: new digests, sizes and media types in the
/// manifests, the configuration and its diff IDs unchanged, the bytes read back by the command-line codecs.
/// </summary>
public sealed class LayerCompressionCopyTests
{
    private readonly ImageCopier _copier = Copiers.Create();

    [Fact]
    public async Task Gzip_layers_become_zstd_with_new_digests_and_the_same_uncompressed_content()
    {
        var source = new InMemoryImageStore();
        var (image, tars) = await AddImageAsync(source, "gzip", layers: 2);
        var destination = new InMemoryImageStore();

        var result = await _copier.CopyAsync(source, "v1", destination, "v1", Zstd());

        var written = destination.GetManifest("v1");
        Assert.True(result.DigestChanged);
        Assert.Equal(written.Digest, result.Manifest.Digest);
        Assert.Equal(MediaTypes.OciManifest, written.MediaType);
        Assert.Equal(image.Image!.Config, written.Image!.Config);
        for (var i = 0; i < tars.Count; i++)
        {
            var layer = written.Image.Layers[i];
            Assert.Equal(MediaTypes.OciLayerZstd, layer.MediaType);
            Assert.NotEqual(image.Image.Layers[i].Digest, layer.Digest);
            var blob = destination.GetBlob(layer.Digest);
            Assert.Equal(layer.Size, blob.Length);
            Assert.Equal(layer.Digest, Digest.Compute(blob));
            Assert.Equal(tars[i], await CompressionTool.DecompressAsync("zstd", blob));

            var copied = Assert.Single(result.Blobs, b => b.Blob.Digest == image.Image.Layers[i].Digest);
            Assert.Equal(layer, copied.Written with { MediaType = layer.MediaType });
            Assert.Equal(BlobCopyStatus.Transferred, copied.Status);
        }

        Assert.False(destination.HasBlob(image.Image.Layers[0].Digest));
    }

    [Fact]
    public async Task Zstd_layers_become_gzip()
    {
        var source = new InMemoryImageStore();
        var (image, tars) = await AddImageAsync(source, "zstd", layers: 1);
        var destination = new InMemoryImageStore();

        await _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options(o =>
        {
            o.LayerCompression = LayerCompression.Compress;
            o.CompressionAlgorithm = CompressionAlgorithm.Gzip;
            o.CompressionLevel = 1;
        }));

        var layer = Assert.Single(destination.GetManifest("v1").Image!.Layers);
        Assert.Equal(MediaTypes.OciLayerGzip, layer.MediaType);
        Assert.NotEqual(image.Image!.Layers[0].Digest, layer.Digest);
        Assert.Equal(tars[0], await CompressionTool.DecompressAsync("gzip", destination.GetBlob(layer.Digest)));
    }

    [Theory]
    [InlineData(false, MediaTypes.OciLayer)]
    [InlineData(true, MediaTypes.DockerLayer)]
    public async Task Decompressing_stores_the_tar_itself_whose_digest_is_the_diff_id(bool docker, string expectedType)
    {
        var source = new InMemoryImageStore();
        var (image, tars) = await AddImageAsync(source, "gzip", layers: 1, docker: docker);
        var destination = new InMemoryImageStore();

        await _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options(o => o.LayerCompression = LayerCompression.Decompress));

        var written = destination.GetManifest("v1");
        Assert.Equal(image.MediaType, written.MediaType);
        var layer = Assert.Single(written.Image!.Layers);
        Assert.Equal(expectedType, layer.MediaType);
        Assert.Equal(Digest.Compute(tars[0]), layer.Digest);
        Assert.Equal(tars[0], destination.GetBlob(layer.Digest));
    }

    [Fact]
    public async Task Compressing_without_an_algorithm_gzips_uncompressed_layers_and_keeps_compressed_ones()
    {
        var source = new InMemoryImageStore();
        var tar = Tar(3);
        var plain = source.AddBlob(tar, MediaTypes.OciLayer);
        var zstd = source.AddBlob(await CompressionTool.CompressAsync("zstd", Tar(4)), MediaTypes.OciLayerZstd);
        var config = source.AddBlob(Config(Digest.Compute(tar), Digest.Compute(Tar(4))), MediaTypes.OciConfig);
        source.AddManifest(Manifest.Create(new ImageManifest { MediaType = MediaTypes.OciManifest, Config = config, Layers = [plain, zstd] }), "v1");
        var destination = new InMemoryImageStore();

        await _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options(o => o.LayerCompression = LayerCompression.Compress));

        var layers = destination.GetManifest("v1").Image!.Layers;
        Assert.Equal(MediaTypes.OciLayerGzip, layers[0].MediaType);
        Assert.Equal(tar, await CompressionTool.DecompressAsync("gzip", destination.GetBlob(layers[0].Digest)));
        Assert.Equal(zstd, layers[1]);
    }

    [Fact]
    public async Task A_docker_image_whose_layers_become_zstd_is_written_as_oci()
    {
        var source = new InMemoryImageStore();
        var (image, _) = await AddImageAsync(source, "gzip", layers: 1, docker: true);
        var destination = new InMemoryImageStore();

        await _copier.CopyAsync(source, "v1", destination, "v1", Zstd());

        var written = destination.GetManifest("v1");
        Assert.Equal(MediaTypes.OciManifest, written.MediaType);
        Assert.Equal(MediaTypes.OciConfig, written.Image!.Config.MediaType);
        Assert.Equal(image.Image!.Config.Digest, written.Image.Config.Digest);
        Assert.Equal(MediaTypes.OciLayerZstd, Assert.Single(written.Image.Layers).MediaType);
    }

    [Fact]
    public async Task Zstd_with_docker_schema_2_asked_for_is_refused_before_any_blob_moves()
    {
        var source = new InMemoryImageStore();
        await AddImageAsync(source, "gzip", layers: 1, docker: true);
        var destination = new InMemoryImageStore();

        var error = await Assert.ThrowsAsync<ImageCopyException>(() => _copier.CopyAsync(source, "v1", destination, "v1", Zstd(o => o.Format = ManifestFormat.DockerV2S2)));

        Assert.Contains("zstd", error.Message, StringComparison.Ordinal);
        Assert.Contains("Docker schema 2", error.Message, StringComparison.Ordinal);
        Assert.Empty(destination.Operations);
    }

    [Fact]
    public async Task Changing_compression_while_preserving_digests_is_refused_before_any_blob_moves()
    {
        var source = new InMemoryImageStore();
        var (image, _) = await AddImageAsync(source, "gzip", layers: 1);
        var destination = new InMemoryImageStore();

        var error = await Assert.ThrowsAsync<ImageCopyException>(() => _copier.CopyAsync(source, "v1", destination, "v1", Zstd(o => o.PreserveDigests = true)));

        Assert.Contains(image.Image!.Layers[0].Digest.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("digests are to be preserved", error.Message, StringComparison.Ordinal);
        Assert.Empty(destination.Operations);
    }

    [Fact]
    public async Task A_layer_whose_content_is_not_the_configuration_diff_id_fails_the_copy_and_no_manifest_is_pushed()
    {
        var source = new InMemoryImageStore();
        var layer = source.AddBlob(await CompressionTool.CompressAsync("gzip", Tar(1)), MediaTypes.OciLayerGzip);
        var config = source.AddBlob(Config(Digest.Compute(Tar(2))), MediaTypes.OciConfig);
        source.AddManifest(Manifest.Create(new ImageManifest { MediaType = MediaTypes.OciManifest, Config = config, Layers = [layer] }), "v1");
        var destination = new InMemoryImageStore();

        var error = await Assert.ThrowsAsync<ImageCopyException>(() => _copier.CopyAsync(source, "v1", destination, "v1", Zstd()));

        Assert.Contains("diff ID", error.Message, StringComparison.Ordinal);
        Assert.Contains(Digest.Compute(Tar(2)).ToString(), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(destination.Operations, o => o.Kind == StoreOperationKind.PushManifest);
    }

    [Fact]
    public async Task A_source_layer_that_does_not_match_its_digest_fails_the_copy_and_no_manifest_is_pushed()
    {
        var source = new InMemoryImageStore();
        var (image, _) = await AddImageAsync(source, "gzip", layers: 1);
        var layer = image.Image!.Layers[0];
        var other = await CompressionTool.CompressAsync("gzip", Tar(9));
        source.AddCorruptBlob(layer, other[..(int)Math.Min(other.Length, layer.Size)]);
        var destination = new InMemoryImageStore();

        await Assert.ThrowsAnyAsync<Exception>(() => _copier.CopyAsync(source, "v1", destination, "v1", Zstd(o => o.RetryTimes = 0)));

        Assert.DoesNotContain(destination.Operations, o => o.Kind == StoreOperationKind.PushManifest);
    }

    [Fact]
    public async Task An_index_lists_its_rewritten_instances_and_a_shared_layer_is_converted_once()
    {
        var source = new InMemoryImageStore();
        var sharedTar = Tar(7);
        var shared = source.AddBlob(await CompressionTool.CompressAsync("gzip", sharedTar), MediaTypes.OciLayerGzip);
        var entries = new List<Descriptor>();
        foreach (var (platform, seed) in new[] { ("linux/amd64", 10), ("linux/arm64", 11) })
        {
            var own = Tar(seed);
            var layer = source.AddBlob(await CompressionTool.CompressAsync("gzip", own), MediaTypes.OciLayerGzip);
            var config = source.AddBlob(Config(Digest.Compute(sharedTar), Digest.Compute(own)), MediaTypes.OciConfig);
            var image = Manifest.Create(new ImageManifest { MediaType = MediaTypes.OciManifest, Config = config, Layers = [shared, layer] });
            source.AddManifest(image);
            entries.Add(image.Descriptor with { Platform = Platform.Parse(platform) });
        }

        var index = Manifest.Create(new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = entries });
        source.AddManifest(index, "multi");
        var destination = new InMemoryImageStore();

        var result = await _copier.CopyAsync(source, "multi", destination, "multi", Zstd(o => o.MultiArch = MultiArchMode.All));

        var written = destination.GetManifest("multi");
        Assert.NotEqual(index.Digest, written.Digest);
        Assert.Equal(["linux/amd64", "linux/arm64"], written.Index!.Manifests.Select(m => m.Platform!.ToString()));
        var sharedWritten = new HashSet<Digest>();
        foreach (var entry in written.Index.Manifests)
        {
            var instance = destination.GetManifest(entry.Digest.ToString());
            Assert.Equal(instance.Size, entry.Size);
            Assert.All(instance.Image!.Layers, l => Assert.Equal(MediaTypes.OciLayerZstd, l.MediaType));
            sharedWritten.Add(instance.Image.Layers[0].Digest);
        }

        Assert.Single(sharedWritten);
        Assert.Single(result.Blobs, b => b.Blob.Digest == shared.Digest);
        Assert.Equal(1, destination.Operations.Count(o => o.Kind == StoreOperationKind.PushBlob && o.Subject == sharedWritten.Single().ToString()));
    }

    [Fact]
    public async Task Preserving_compression_copies_layers_byte_for_byte()
    {
        var source = new InMemoryImageStore();
        var (image, _) = await AddImageAsync(source, "gzip", layers: 1);
        var destination = new InMemoryImageStore();

        var result = await _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options());

        Assert.False(result.DigestChanged);
        Assert.All(result.Blobs, b => Assert.Same(b.Blob, b.Written));
        Assert.Equal(image.Content.ToArray(), destination.GetManifest("v1").Content.ToArray());
    }

    private static CopyOptions Zstd(Action<CopyOptions>? configure = null) => Copiers.Options(o =>
    {
        o.LayerCompression = LayerCompression.Compress;
        o.CompressionAlgorithm = CompressionAlgorithm.Zstd;
        configure?.Invoke(o);
    });

    // Tar-like content: compressible (text) with a random part, so every codec shrinks it and every seed differs.
    internal static byte[] Tar(int seed)
    {
        var text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat($"layer {seed} line of text that compresses well\n", 4000)));
        return [.. text, .. TestImage.RandomBytes(20_000, seed)];
    }

    internal static byte[] Config(params Digest[] diffIds) =>
        Encoding.UTF8.GetBytes($$$"""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[{{{string.Join(",", diffIds.Select(d => $"\"{d}\""))}}}]}}""");

    private static async Task<(Manifest Image, IReadOnlyList<byte[]> Tars)> AddImageAsync(InMemoryImageStore store, string codec, int layers, bool docker = false)
    {
        var tars = Enumerable.Range(1, layers).Select(Tar).ToList();
        var descriptors = new List<Descriptor>();
        foreach (var tar in tars)
        {
            var type = (codec, docker) switch
            {
                ("gzip", true) => MediaTypes.DockerLayerGzip,
                ("gzip", false) => MediaTypes.OciLayerGzip,
                _ => MediaTypes.OciLayerZstd,
            };
            descriptors.Add(store.AddBlob(await CompressionTool.CompressAsync(codec, tar), type));
        }

        var config = store.AddBlob(Config([.. tars.Select(t => Digest.Compute(t))]), docker ? MediaTypes.DockerConfig : MediaTypes.OciConfig);
        var manifest = Manifest.Create(new ImageManifest
        {
            SchemaVersion = 2,
            MediaType = docker ? MediaTypes.DockerManifest : MediaTypes.OciManifest,
            Config = config,
            Layers = descriptors,
        });
        store.AddManifest(manifest, "v1");
        return (manifest, tars);
    }
}
