using System.Text;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Tests.Models;

public sealed class ManifestTests
{
    private static byte[] ReadTestData(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "manifests", name));

    [Fact]
    public void Docker_manifest_list_keeps_its_exact_bytes_and_digest()
    {
        var bytes = ReadTestData("docker-manifest-list.json");

        var manifest = Manifest.Parse(bytes, MediaTypes.DockerManifestList);

        Assert.Equal(ManifestKind.Index, manifest.Kind);
        Assert.Equal(bytes, manifest.Content.ToArray());
        Assert.Equal(Digest.Compute(bytes), manifest.Digest);
        Assert.Equal(bytes.Length, manifest.Size);
        Assert.Equal(2, manifest.Index!.Manifests.Count);
        Assert.Equal(Platform.Parse("linux/arm64/v8"), manifest.Index.Manifests[1].Platform! with { OSFeatures = null });
        Assert.Equal(7682, manifest.Index.Manifests[1].Size);
        Assert.Equal(manifest.Index.Manifests, manifest.References);
    }

    [Fact]
    public void Oci_artifact_manifest_parses_every_member_and_ignores_unknown_ones()
    {
        var bytes = ReadTestData("oci-manifest-with-subject.json");

        var manifest = Manifest.Parse(bytes, "application/vnd.oci.image.manifest.v1+json; charset=utf-8");

        Assert.Equal(ManifestKind.Image, manifest.Kind);
        var image = manifest.Image!;
        Assert.Equal("application/vnd.example.sbom.v1", image.ArtifactType);
        Assert.Equal(Descriptor.Empty.Digest, image.Config.Digest);
        Assert.Equal("{}", Encoding.UTF8.GetString(image.Config.Data!.Value.Span));
        Assert.Equal("sbom.json", image.Layers[0].Annotations!["org.opencontainers.image.title"]);
        Assert.Equal(0, image.Subject!.Size);
        Assert.Equal("application/vnd.example.sbom.v1", manifest.Descriptor.ArtifactType);
        Assert.Equal([image.Config, image.Layers[0]], manifest.References);
    }

    [Fact]
    public void Created_manifest_round_trips_byte_identically()
    {
        var layer = Descriptor.FromContent(MediaTypes.OciLayerGzip, "layer"u8);
        var created = Manifest.Create(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = Descriptor.FromContent(MediaTypes.OciConfig, "{}"u8),
            Layers = [layer with { Annotations = new Dictionary<string, string> { ["a+b"] = "<&>" } }],
        });

        var reparsed = Manifest.Parse(created.Content.ToArray(), MediaTypes.OciManifest);

        Assert.Equal(created.Digest, reparsed.Digest);
        Assert.Equal(created.Content.ToArray(), reparsed.Content.ToArray());
        var json = Encoding.UTF8.GetString(created.Content.Span);
        Assert.Contains("\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\"", json, StringComparison.Ordinal);
        Assert.Contains("\"a+b\":\"<&>\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("urls", json, StringComparison.Ordinal);
        Assert.StartsWith("{\"schemaVersion\":2,\"mediaType\":", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Created_index_defaults_to_the_oci_index_type()
    {
        var child = Descriptor.FromContent(MediaTypes.OciManifest, "{}"u8) with { Platform = Platform.Parse("linux/amd64") };

        var index = Manifest.Create(new ImageIndex { Manifests = [child] });

        Assert.Equal(MediaTypes.OciIndex, index.MediaType);
        Assert.Equal(ManifestKind.Index, index.Kind);
        Assert.Contains("\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}", Encoding.UTF8.GetString(index.Content.Span), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2},\"layers\":[]}", MediaTypes.OciManifest, ManifestKind.Image)]
    [InlineData("{\"schemaVersion\":2,\"manifests\":[]}", MediaTypes.OciIndex, ManifestKind.Index)]
    [InlineData("{\"schemaVersion\":1,\"name\":\"x\",\"tag\":\"y\",\"fsLayers\":[]}", MediaTypes.DockerSchema1Manifest, ManifestKind.Schema1)]
    public void Kind_is_detected_from_structure_when_no_media_type_is_given(string json, string mediaType, ManifestKind kind)
    {
        var manifest = Manifest.Parse(Encoding.UTF8.GetBytes(json), contentType: "application/json");

        Assert.Equal(mediaType, manifest.MediaType);
        Assert.Equal(kind, manifest.Kind);
    }

    [Fact]
    public void Unknown_media_types_are_carried_opaquely_even_when_not_json()
    {
        var bytes = "not json at all"u8.ToArray();

        var manifest = Manifest.Parse(bytes, "application/vnd.example.thing");

        Assert.Equal(ManifestKind.Opaque, manifest.Kind);
        Assert.Equal("application/vnd.example.thing", manifest.MediaType);
        Assert.Empty(manifest.References);
        Assert.Equal(Digest.Compute(bytes), manifest.Digest);
    }

    [Fact]
    public void Declared_media_type_that_contradicts_the_content_type_is_rejected()
    {
        var bytes = ReadTestData("docker-manifest-list.json");

        var error = Assert.Throws<InvalidManifestException>(() => Manifest.Parse(bytes, MediaTypes.OciIndex));

        Assert.Contains("declares mediaType \"application/vnd.docker.distribution.manifest.list.v2+json\" but was served as \"application/vnd.oci.image.index.v1+json\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"schemaVersion\":1,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}", "schemaVersion 1; 2 is required")]
    [InlineData("{\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}", "schemaVersion missing")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"layers\":[]}", "no \"config\" descriptor")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\"}", "no \"manifests\" array")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"manifests\":[]}", "has an index's \"manifests\"")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[],\"layers\":[]}", "has an image manifest's")]
    [InlineData("{\"schemaVersion\":2}", "has neither \"config\" nor \"manifests\"")]
    [InlineData("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"a/b\",\"digest\":\"sha256:ABC\",\"size\":1}]}", "not a valid digest")]
    [InlineData("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"a/b\",\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":-1}]}", "negative size")]
    [InlineData("{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":1}]}", "mediaType")]
    [InlineData("[1,2]", "not valid JSON of a manifest's shape")]
    [InlineData("{\"schemaVersion\":2,", "not valid JSON")]
    [InlineData("null", "JSON null")]
    public void Malformed_manifests_are_rejected_saying_why(string json, string reason)
    {
        var error = Assert.Throws<InvalidManifestException>(() => Manifest.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_fetched_by_digest_must_match_it()
    {
        var bytes = ReadTestData("docker-manifest-list.json");
        var other = Digest.Compute("something else"u8);

        var error = Assert.Throws<DigestMismatchException>(() => Manifest.Parse(bytes, MediaTypes.DockerManifestList, other));

        Assert.Equal(other, error.Expected);
        Assert.Equal(Digest.Compute(bytes), error.Actual);
        Assert.Equal(Digest.Compute(bytes), Manifest.Parse(bytes, null, Digest.Compute(bytes)).Digest);
    }

    [Fact]
    public void A_sha512_expected_digest_is_verified_with_sha512()
    {
        var bytes = ReadTestData("docker-manifest-list.json");
        var sha512 = Digest.Compute(bytes, Digest.Sha512);

        Assert.Equal(sha512, Manifest.Parse(bytes, null, sha512).Digest);
    }

    [Fact]
    public void Size_cap_applies_to_bytes_in_hand()
    {
        var bytes = ReadTestData("docker-manifest-list.json");

        var error = Assert.Throws<InvalidManifestException>(() => Manifest.Parse(bytes, maxSize: 100));

        Assert.Contains($"{bytes.Length} bytes, more than the limit of 100 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Size_cap_cuts_a_stream_off_while_it_is_read()
    {
        using var endless = new EndlessStream();

        var error = await Assert.ThrowsAsync<InvalidManifestException>(
            () => Manifest.ReadAsync(endless, MediaTypes.OciManifest, maxSize: 1024 * 1024));

        Assert.Contains("larger than the limit of 1048576 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(1024 * 1024 + 1, endless.BytesRead);
    }

    [Fact]
    public async Task ReadAsync_reads_a_stream_to_its_end()
    {
        var bytes = ReadTestData("oci-manifest-with-subject.json");

        var manifest = await Manifest.ReadAsync(new MemoryStream(bytes), MediaTypes.OciManifest, Digest.Compute(bytes));

        Assert.Equal(bytes, manifest.Content.ToArray());
    }

    [Fact]
    public void Image_config_parses_docker_fields_and_nanosecond_timestamps()
    {
        var config = ImageConfig.Parse(ReadTestData("docker-config.json"));

        Assert.Equal(new DateTimeOffset(2023, 11, 1, 13, 19, 7, TimeSpan.Zero).AddTicks(1234567), config.Created);
        Assert.Equal("amd64", config.Architecture);
        Assert.Equal("linux", config.OS);
        Assert.Equal("20.10.23", config.DockerVersion);
        var run = config.Config!;
        Assert.Equal("1000:1000", run.User);
        Assert.Equal(["80/tcp", "443/tcp"], run.ExposedPorts);
        Assert.Equal(["/var/cache"], run.Volumes);
        Assert.Equal(["nginx", "-g", "daemon off;"], run.Cmd);
        Assert.Equal(["/docker-entrypoint.sh"], run.Entrypoint);
        Assert.Equal("/srv", run.WorkingDir);
        Assert.Equal("SIGQUIT", run.StopSignal);
        Assert.Equal("NGINX Docker Maintainers", run.Labels!["maintainer"]);
        Assert.Contains("NGINX_VERSION=1.25.3", run.Env!);
        Assert.Equal(2, config.RootFileSystem!.DiffIds.Count);
        Assert.True(config.History![1].EmptyLayer);
        Assert.Equal("/bin/sh -c #(nop) ADD file:abc in / ", config.History[0].CreatedBy);
    }

    [Fact]
    public void Image_config_serializes_back_to_equal_values()
    {
        var config = ImageConfig.Parse(ReadTestData("docker-config.json"));

        var again = ImageConfig.Parse(config.ToJsonBytes());

        Assert.Equal(config.Created, again.Created);
        Assert.Equal(config.Config!.ExposedPorts, again.Config!.ExposedPorts);
        Assert.Equal(config.RootFileSystem!.DiffIds, again.RootFileSystem!.DiffIds);
        Assert.Contains("\"ExposedPorts\":{\"80/tcp\":{},\"443/tcp\":{}}", Encoding.UTF8.GetString(config.ToJsonBytes()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"created\":\"yesterday\"}", "not an RFC 3339 timestamp")]
    [InlineData("{\"rootfs\":{\"diff_ids\":[\"md5\"]}}", "not a valid digest")]
    [InlineData("{\"config\":{\"ExposedPorts\":[\"80/tcp\"]}}", "used as a set")]
    public void Malformed_image_configs_are_rejected_saying_why(string json, string reason)
    {
        var error = Assert.Throws<InvalidManifestException>(() => ImageConfig.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, (byte)' ', offset, count);
            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
