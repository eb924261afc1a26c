using OciRegistry.Client.Copy.Tests.Support;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Tests;

/// <summary>The source digest and selection a copy records in a top-level manifest it rewrites, and only then.</summary>
public sealed class CopyAnnotationsTests
{
    private static readonly string[] ThreePlatforms = ["linux/amd64", "linux/arm64", "linux/arm/v7"];
    private readonly ImageCopier _copier = Copiers.Create();

    [Fact]
    public async Task A_copy_that_keeps_the_bytes_records_nothing()
    {
        var (source, index, _) = Index(docker: false);
        var destination = new InMemoryImageStore();

        var result = await _copier.CopyAsync(source, "multi", destination, "multi", Copiers.Options(o => o.MultiArch = MultiArchMode.All));

        Assert.Equal(index.Digest, result.Manifest.Digest);
        Assert.Equal(index.Content.ToArray(), destination.GetManifest("multi").Content.ToArray());
        Assert.Null(destination.GetManifest("multi").Index!.Annotations);
    }

    [Fact]
    public async Task One_instance_picked_from_an_index_and_kept_as_it_is_records_nothing()
    {
        var (source, _, images) = Index(docker: false);
        var destination = new InMemoryImageStore();

        var result = await _copier.CopyAsync(source, "multi", destination, "one", Copiers.Options(o => o.SystemPlatform = Platform.Parse("linux/arm64")));

        Assert.Equal(images[1].Digest, result.Manifest.Digest);
        Assert.Equal(images[1].Content.ToArray(), destination.GetManifest("one").Content.ToArray());
    }

    [Fact]
    public async Task A_platform_subset_records_the_source_index_and_the_platforms_sorted()
    {
        var (source, index, images) = Index(docker: false);
        var destination = new InMemoryImageStore();
        var options = Subset("linux/arm/v7", "linux/amd64");

        var result = await _copier.CopyAsync(source, "multi", destination, "multi", options);

        var written = destination.GetManifest("multi");
        Assert.Equal(result.Manifest.Digest, written.Digest);
        Assert.Equal(index.Digest.ToString(), written.Index!.Annotations![CopyAnnotations.SourceDigest]);
        Assert.Equal("platforms=linux/amd64,linux/arm/v7", written.Index.Annotations[CopyAnnotations.SourceSelection]);
        Assert.Equal([images[0].Digest, images[2].Digest], written.Index.Manifests.Select(m => m.Digest));
        // The instances keep their bytes: only the index is rewritten.
        Assert.Equal(images[0].Content.ToArray(), destination.GetManifest(images[0].Digest.ToString()).Content.ToArray());
    }

    [Fact]
    public async Task A_docker_image_converted_to_oci_records_its_digest_and_the_format()
    {
        var source = new InMemoryImageStore();
        var image = TestImage.AddImage(source, [TestImage.AddLayer(source, 3000, 1, docker: true)], docker: true, tag: "v1");
        var destination = new InMemoryImageStore();

        var result = await _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options(o => o.Format = ManifestFormat.Oci));

        var written = destination.GetManifest("v1");
        Assert.Equal(MediaTypes.OciManifest, written.MediaType);
        Assert.Equal(result.Manifest.Digest, written.Digest);
        Assert.Equal(image.Digest.ToString(), written.Image!.Annotations![CopyAnnotations.SourceDigest]);
        Assert.Equal("format=oci", written.Image.Annotations[CopyAnnotations.SourceSelection]);
        Assert.True(CopyAnnotations.IsCopyOf(written, image.Descriptor, Copiers.Options(o => o.Format = ManifestFormat.Oci)));
    }

    [Fact]
    public async Task A_docker_list_converted_to_oci_records_it_on_the_index_only()
    {
        var (source, list, _) = Index(docker: true);
        var destination = new InMemoryImageStore();

        var result = await _copier.CopyAsync(source, "multi", destination, "multi", Copiers.Options(o =>
        {
            o.MultiArch = MultiArchMode.All;
            o.Format = ManifestFormat.Oci;
        }));

        var written = destination.GetManifest("multi");
        Assert.Equal(list.Digest.ToString(), written.Index!.Annotations![CopyAnnotations.SourceDigest]);
        Assert.Equal("format=oci;platforms=all", written.Index.Annotations[CopyAnnotations.SourceSelection]);
        Assert.All(result.Manifests.SkipLast(1), m => Assert.Null(destination.GetManifest(m.Written.Digest.ToString()).Image!.Annotations));
    }

    [Fact]
    public async Task A_conversion_to_docker_schema_2_records_nothing_as_it_has_no_annotations()
    {
        var source = new InMemoryImageStore();
        TestImage.AddImage(source, [TestImage.AddLayer(source, 3000, 1)], tag: "v1");
        var destination = new InMemoryImageStore();

        var result = await _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options(o => o.Format = ManifestFormat.DockerV2S2));

        Assert.True(result.DigestChanged);
        var written = destination.GetManifest("v1");
        Assert.Equal(MediaTypes.DockerManifest, written.MediaType);
        Assert.DoesNotContain(CopyAnnotations.SourceDigest, System.Text.Encoding.UTF8.GetString(written.Content.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recording_the_source_can_be_turned_off()
    {
        var (source, _, _) = Index(docker: false);
        var destination = new InMemoryImageStore();
        var options = Subset("linux/amd64");
        options.RecordSource = false;

        await _copier.CopyAsync(source, "multi", destination, "multi", options);

        Assert.Null(destination.GetManifest("multi").Index!.Annotations);
    }

    [Fact]
    public async Task The_record_matches_the_same_source_and_selection_only()
    {
        var (source, index, _) = Index(docker: false);
        var destination = new InMemoryImageStore();
        await _copier.CopyAsync(source, "multi", destination, "multi", Subset("linux/amd64", "linux/arm64"));
        var written = destination.GetManifest("multi");

        Assert.True(CopyAnnotations.IsCopyOf(written, index.Descriptor, Subset("linux/arm64", "linux/amd64")));
        Assert.False(CopyAnnotations.IsCopyOf(written, index.Descriptor, Subset("linux/amd64")));
        Assert.False(CopyAnnotations.IsCopyOf(written, index.Descriptor, Subset("linux/amd64", "linux/arm64", "linux/arm/v7")));
        var converted = Subset("linux/amd64", "linux/arm64");
        converted.Format = ManifestFormat.Oci;
        Assert.False(CopyAnnotations.IsCopyOf(written, index.Descriptor, converted));
        var other = index.Descriptor with { Digest = Digest.Compute("another index"u8) };
        Assert.False(CopyAnnotations.IsCopyOf(written, other, Subset("linux/amd64", "linux/arm64")));
        Assert.False(CopyAnnotations.IsCopyOf(index, index.Descriptor, Subset("linux/amd64", "linux/arm64")));
    }

    [Fact]
    public async Task A_layer_compression_change_records_the_algorithm_and_level()
    {
        var source = new InMemoryImageStore();
        var image = TestImage.AddImage(source, [source.AddBlob(TestImage.RandomBytes(2000, 5), MediaTypes.OciLayer)], tag: "v1");
        var destination = new InMemoryImageStore();
        var options = Copiers.Options(o =>
        {
            o.LayerCompression = LayerCompression.Compress;
            o.CompressionAlgorithm = CompressionAlgorithm.Gzip;
            o.CompressionLevel = 9;
        });

        await _copier.CopyAsync(source, "v1", destination, "v1", options);

        var written = destination.GetManifest("v1");
        Assert.Equal(MediaTypes.OciLayerGzip, written.Image!.Layers[0].MediaType);
        Assert.Equal("layers=gzip:9", written.Image.Annotations![CopyAnnotations.SourceSelection]);
        Assert.True(CopyAnnotations.IsCopyOf(written, image.Descriptor, options));
    }

    [Fact]
    public async Task A_layer_compression_that_changes_no_layer_is_not_recorded_and_matches_without_it()
    {
        var source = new InMemoryImageStore();
        var image = TestImage.AddImage(source, [TestImage.AddLayer(source, 3000, 1, docker: true)], docker: true, tag: "v1");
        var destination = new InMemoryImageStore();
        var compress = Copiers.Options(o =>
        {
            o.Format = ManifestFormat.Oci;
            o.LayerCompression = LayerCompression.Compress;
        });

        await _copier.CopyAsync(source, "v1", destination, "v1", compress);

        var written = destination.GetManifest("v1");
        Assert.Equal("format=oci", written.Image!.Annotations![CopyAnnotations.SourceSelection]);
        Assert.True(CopyAnnotations.IsCopyOf(written, image.Descriptor, compress));
        Assert.True(CopyAnnotations.IsCopyOf(written, image.Descriptor, Copiers.Options(o => o.Format = ManifestFormat.Oci)));
        // zstd would convert the gzip layer: another image.
        compress.CompressionAlgorithm = CompressionAlgorithm.Zstd;
        Assert.False(CopyAnnotations.IsCopyOf(written, image.Descriptor, compress));
    }

    private static CopyOptions Subset(params string[] platforms) => Copiers.Options(o =>
    {
        o.MultiArch = MultiArchMode.All;
        foreach (var platform in platforms)
        {
            o.Platforms.Add(Platform.Parse(platform));
        }
    });

    private static (InMemoryImageStore Source, Manifest Index, IReadOnlyList<Manifest> Images) Index(bool docker)
    {
        var source = new InMemoryImageStore();
        var shared = TestImage.AddLayer(source, 5000, 1, docker);
        var (index, images) = TestImage.AddIndex(source, ThreePlatforms, shared, docker, tag: "multi");
        return (source, index, images);
    }
}
