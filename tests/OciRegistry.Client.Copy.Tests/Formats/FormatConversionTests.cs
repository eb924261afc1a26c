using System.Text;
using OciRegistry.Client.Copy.Tests.Support;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Tests.Formats;

public sealed class FormatConversionTests
{
    private readonly ImageCopier _copier = Copiers.Create();

    [Fact]
    public async Task Oci_to_docker_changes_media_types_only_and_back_again_restores_the_digest()
    {
        var source = new InMemoryImageStore();
        var image = TestImage.AddImage(source, [TestImage.AddLayer(source, 3000, 1), TestImage.AddLayer(source, 4000, 2)], tag: "v1");
        var docker = new InMemoryImageStore();

        var toDocker = await _copier.CopyAsync(source, "v1", docker, "v1", Copiers.Options(o => o.Format = ManifestFormat.DockerV2S2));

        Assert.True(toDocker.DigestChanged);
        Assert.True(toDocker.Manifests.Single().Rewritten);
        var written = docker.GetManifest("v1");
        Assert.Equal(MediaTypes.DockerManifest, written.MediaType);
        Assert.Equal(MediaTypes.DockerConfig, written.Image!.Config.MediaType);
        Assert.Equal(image.Image!.Config.Digest, written.Image.Config.Digest);
        Assert.All(written.Image.Layers, l => Assert.Equal(MediaTypes.DockerLayerGzip, l.MediaType));
        Assert.Equal(image.Image.Layers.Select(l => l.Digest), written.Image.Layers.Select(l => l.Digest));
        Assert.Equal(source.GetBlob(image.Image.Config.Digest), docker.GetBlob(written.Image.Config.Digest));

        var oci = new InMemoryImageStore();
        // Without the record of the source, which the first manifest does not have either.
        var back = await _copier.CopyAsync(docker, "v1", oci, "v1", Copiers.Options(o =>
        {
            o.Format = ManifestFormat.Oci;
            o.RecordSource = false;
        }));

        Assert.Equal(image.Digest, back.Manifest.Digest);
        Assert.Equal(image.Content.ToArray(), oci.GetManifest("v1").Content.ToArray());
    }

    [Fact]
    public async Task A_docker_manifest_list_becomes_an_oci_index_of_converted_instances()
    {
        var source = new InMemoryImageStore();
        var shared = TestImage.AddLayer(source, 2500, 5, docker: true);
        var (list, images) = TestImage.AddIndex(source, ["linux/amd64", "linux/arm64"], shared, docker: true, tag: "multi");
        var destination = new InMemoryImageStore();

        var result = await _copier.CopyAsync(source, "multi", destination, "multi", Copiers.Options(o =>
        {
            o.MultiArch = MultiArchMode.All;
            o.Format = ManifestFormat.Oci;
        }));

        var index = destination.GetManifest("multi");
        Assert.Equal(MediaTypes.OciIndex, index.MediaType);
        Assert.NotEqual(list.Digest, index.Digest);
        Assert.All(result.Manifests, m => Assert.True(m.Rewritten));
        Assert.Equal(["linux/amd64", "linux/arm64"], index.Index!.Manifests.Select(m => m.Platform!.ToString()));
        foreach (var entry in index.Index.Manifests)
        {
            var instance = destination.GetManifest(entry.Digest.ToString());
            Assert.Equal(MediaTypes.OciManifest, instance.MediaType);
            Assert.Equal(MediaTypes.OciManifest, entry.MediaType);
            Assert.Equal(instance.Size, entry.Size);
            Assert.All(instance.Image!.Layers, l => Assert.Equal(MediaTypes.OciLayerGzip, l.MediaType));
        }

        Assert.DoesNotContain(images, i => destination.HasManifest(i.Digest));
    }

    [Fact]
    public async Task Asking_for_the_format_the_source_has_changes_nothing_even_when_digests_are_preserved()
    {
        var source = new InMemoryImageStore();
        var image = TestImage.AddImage(source, [TestImage.AddLayer(source, 3000, 1, docker: true)], docker: true, tag: "v1");

        var result = await _copier.CopyAsync(source, "v1", new InMemoryImageStore(), "v1", Copiers.Options(o =>
        {
            o.Format = ManifestFormat.DockerV2S2;
            o.PreserveDigests = true;
        }));

        Assert.Equal(image.Digest, result.Manifest.Digest);
    }

    [Fact]
    public async Task A_conversion_is_refused_when_digests_are_to_be_preserved()
    {
        var source = new InMemoryImageStore();
        TestImage.AddImage(source, [TestImage.AddLayer(source, 3000, 1)], tag: "v1");
        var destination = new InMemoryImageStore();

        var error = await Assert.ThrowsAsync<ImageCopyException>(() => _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options(o =>
        {
            o.Format = ManifestFormat.DockerV2S2;
            o.PreserveDigests = true;
        })));

        Assert.Contains("preserved", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(source.Operations, o => o.Kind == StoreOperationKind.FetchBlob);
        Assert.Empty(destination.Operations);
    }

    [Fact]
    public async Task Zstd_layers_cannot_go_to_docker_schema_2()
    {
        var source = new InMemoryImageStore();
        var zstd = source.AddBlob(TestImage.RandomBytes(900, 3), MediaTypes.OciLayerZstd);
        TestImage.AddImage(source, [zstd], tag: "v1");
        var destination = new InMemoryImageStore();

        var error = await Assert.ThrowsAsync<ImageCopyException>(() =>
            _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options(o => o.Format = ManifestFormat.DockerV2S2)));

        Assert.Contains("zstd", error.Message, StringComparison.Ordinal);
        Assert.Contains(zstd.Digest.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Empty(destination.Operations);
    }

    [Fact]
    public async Task An_artifact_cannot_go_to_docker_schema_2()
    {
        var source = new InMemoryImageStore();
        var config = source.AddBlob("{}"u8.ToArray(), MediaTypes.OciEmpty);
        var artifact = Manifest.Create(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            ArtifactType = "application/vnd.example.thing",
            Config = config,
            Layers = [source.AddBlob([1, 2, 3], "application/vnd.example.thing.layer")],
        });
        source.AddManifest(artifact, "a");

        var error = await Assert.ThrowsAsync<ImageCopyException>(() =>
            _copier.CopyAsync(source, "a", new InMemoryImageStore(), "a", Copiers.Options(o => o.Format = ManifestFormat.DockerV2S2)));

        Assert.Contains("artifact", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MediaTypes.DockerSchema1Manifest)]
    [InlineData(MediaTypes.DockerSchema1SignedManifest)]
    public async Task Schema_1_sources_without_a_format_are_refused_naming_the_image_and_the_way_out(string mediaType)
    {
        var (source, schema1) = Schema1Source(mediaType);
        var destination = new InMemoryImageStore();

        var error = await Assert.ThrowsAsync<ImageCopyException>(() => _copier.CopyAsync(source, "old", destination, "old"));

        Assert.Contains($"The image old ({schema1.Digest}) is a Docker schema 1 image ({mediaType})", error.Message, StringComparison.Ordinal);
        Assert.Contains("CopyOptions.Format", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--", error.Message, StringComparison.Ordinal);
        Assert.Empty(destination.Operations);
    }

    [Fact]
    public async Task Schema_1_conversion_is_refused_when_digests_are_to_be_preserved()
    {
        var (source, _) = Schema1Source(MediaTypes.DockerSchema1Manifest);
        var destination = new InMemoryImageStore();

        var error = await Assert.ThrowsAsync<ImageCopyException>(() => _copier.CopyAsync(
            source, "old", destination, "old", Copiers.Options(o => { o.Format = ManifestFormat.Oci; o.PreserveDigests = true; })));

        Assert.Contains("digests are to be preserved", error.Message, StringComparison.Ordinal);
        Assert.Empty(destination.Operations);
    }

    [Fact]
    public async Task A_schema_1_manifest_without_layers_cannot_be_converted_and_nothing_is_written()
    {
        var source = new InMemoryImageStore();
        var schema1 = Manifest.Parse(
            Encoding.UTF8.GetBytes("""{"schemaVersion":1,"name":"library/old","tag":"latest","architecture":"amd64","fsLayers":[],"history":[]}"""),
            MediaTypes.DockerSchema1Manifest);
        source.AddManifest(schema1, "old");
        var destination = new InMemoryImageStore();

        var error = await Assert.ThrowsAsync<ImageCopyException>(() =>
            _copier.CopyAsync(source, "old", destination, "old", Copiers.Options(o => o.Format = ManifestFormat.DockerV2S2)));

        Assert.Contains($"The schema 1 manifest of old ({schema1.Digest}) cannot be converted", error.Message, StringComparison.Ordinal);
        Assert.Empty(destination.Operations);
    }

    private static (InMemoryImageStore Source, Manifest Schema1) Schema1Source(string mediaType)
    {
        var source = new InMemoryImageStore();
        var layer = source.AddBlob(Transports.Support.TestImage.Gzip(Transports.Support.TestImage.LayerTar("old\n")));
        var v1 = """{\"id\":\"a\",\"created\":\"2020-01-02T03:04:05Z\",\"container_config\":{\"Cmd\":[\"/bin/sh\"]}}""";
        var schema1 = Manifest.Parse(
            Encoding.UTF8.GetBytes($$"""{"schemaVersion":1,"name":"library/old","tag":"latest","architecture":"amd64","fsLayers":[{"blobSum":"{{layer.Digest}}"}],"history":[{"v1Compatibility":"{{v1}}"}]}"""),
            mediaType);
        source.AddManifest(schema1, "old");
        return (source, schema1);
    }
}
