using System.Net.Http.Headers;
using System.Text.Json;
using OciRegistry.Client.Models;
using OciRegistry.Client.TestSupport.Images;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using Xunit.Abstractions;

namespace OciRegistry.Client.Tests.Interop;

/// <summary>
/// Real manifests and configs, built by umoci and pushed by skopeo into a real registry, read back and parsed by
/// the models: the oracles wrote them, so what we parse was not produced by our own code.
/// </summary>
public sealed class ManifestsPushedBySkopeoTests : IClassFixture<RegistryFixture>, IDisposable
{
    private readonly RegistryFixture _registry;
    private readonly ProcessLogScope _log;
    private readonly TestImages _images = TestImages.Locate();

    public ManifestsPushedBySkopeoTests(RegistryFixture registry, ITestOutputHelper output)
    {
        _registry = registry;
        _log = registry.CaptureLog(output);
    }

    public void Dispose() => _log.Dispose();

    [Fact]
    public async Task Oci_image_pushed_by_skopeo_parses_with_identical_bytes_and_digest()
    {
        var repository = _registry.NewRepository("interop/oci");
        var content = new TestImageContent { Environment = "GREETING=hello", Label = new("org.example.team", "registry") };
        var pushed = await _images.PushAsync(_registry, repository, "v1", content);

        var (manifest, served) = await FetchManifestAsync(repository, "v1");

        Assert.Equal(pushed.ManifestDigest, manifest.Digest);
        Assert.Equal(served, manifest.Digest);
        Assert.Equal(ManifestKind.Image, manifest.Kind);
        Assert.Equal(MediaTypes.OciManifest, manifest.MediaType);
        var raw = await _images.Skopeo.InspectRawAsync(_registry.DockerReference(repository, "v1"), _registry.GetSkopeoAccess());
        Assert.Equal(raw.ToArray(), manifest.Content.ToArray());

        var image = manifest.Image!;
        Assert.Equal(MediaTypes.OciConfig, image.Config.MediaType);
        var layer = Assert.Single(image.Layers);
        Assert.Equal(MediaTypes.OciLayerGzip, layer.MediaType);

        var config = ImageConfig.Parse(await FetchBlobAsync(repository, image.Config));
        Assert.Contains("GREETING=hello", config.Config!.Env!);
        Assert.Equal("registry", config.Config.Labels!["org.example.team"]);
        Assert.Equal(content.Command, config.Config.Cmd);
        Assert.Single(config.RootFileSystem!.DiffIds);
        Assert.Equal("linux", config.OS);
        Assert.NotNull(config.Created);

        var layerBytes = await FetchBlobAsync(repository, layer);
        Assert.Equal(layer.Size, layerBytes.Length);
    }

    [Fact]
    public async Task Docker_schema2_image_converted_by_skopeo_parses_as_docker_types()
    {
        var layout = await _images.BuildLayoutAsync(_registry.CreateScratchDirectory("layout"), "v2s2");
        var repository = _registry.NewRepository("interop/docker");

        await _images.Skopeo.RunAsync(["copy", "--quiet", "--format", "v2s2", "--dest-tls-verify=false", "--dest-no-creds",
            layout.SkopeoReference, _registry.DockerReference(repository, "converted")]);

        var (manifest, served) = await FetchManifestAsync(repository, "converted");

        Assert.Equal(served, manifest.Digest);
        Assert.Equal(MediaTypes.DockerManifest, manifest.MediaType);
        Assert.Equal(MediaTypes.DockerManifest, manifest.Image!.MediaType);
        Assert.Equal(MediaTypes.DockerConfig, manifest.Image.Config.MediaType);
        Assert.Equal(MediaTypes.DockerLayerGzip, Assert.Single(manifest.Image.Layers).MediaType);
        var config = ImageConfig.Parse(await FetchBlobAsync(repository, manifest.Image.Config));
        Assert.Equal(new TestImageContent().Command, config.Config!.Cmd);
    }

    [Fact]
    public async Task Index_written_by_us_is_pushed_by_skopeo_and_parses_back_identically()
    {
        var layoutDirectory = _registry.CreateScratchDirectory("multi");
        var amd64 = await _images.BuildLayoutAsync(layoutDirectory, "amd64");
        var arm64 = await _images.BuildLayoutAsync(layoutDirectory, "arm64", new TestImageContent { FileContent = "arm\n" });
        await _images.Umoci.ConfigAsync(layoutDirectory, "arm64", ["--architecture", "arm64"]);
        var children = await ReadLayoutDescriptorsAsync(layoutDirectory);
        var index = Manifest.Create(new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests =
            [
                children["amd64"] with { Annotations = null, Platform = Platform.Parse("linux/amd64") },
                children["arm64"] with { Annotations = null, Platform = Platform.Parse("linux/arm64/v8") },
            ],
        });
        await AddToLayoutAsync(layoutDirectory, index, "multi");
        var repository = _registry.NewRepository("interop/index");

        await _images.Skopeo.RunAsync(["copy", "--quiet", "--all", "--preserve-digests", "--dest-tls-verify=false", "--dest-no-creds",
            $"oci:{layoutDirectory}:multi", _registry.DockerReference(repository, "multi")]);
        var (fetched, served) = await FetchManifestAsync(repository, "multi");

        Assert.Equal(index.Digest, fetched.Digest);
        Assert.Equal(served, fetched.Digest);
        Assert.Equal(index.Content.ToArray(), fetched.Content.ToArray());
        Assert.Equal(ManifestKind.Index, fetched.Kind);
        Assert.Equal(["linux/amd64", "linux/arm64/v8"], fetched.Index!.Manifests.Select(m => m.Platform!.ToString()));
        foreach (var child in fetched.Index.Manifests)
        {
            var (childManifest, _) = await FetchManifestAsync(repository, child.Digest.ToString(), child.Digest);
            Assert.Equal(child.Size, childManifest.Size);
            Assert.Equal(ManifestKind.Image, childManifest.Kind);
        }

        Assert.NotEqual(amd64.ManifestDigest, arm64.ManifestDigest);
    }

    private async Task<(Manifest Manifest, Digest? Served)> FetchManifestAsync(string repository, string reference, Digest? expected = null)
    {
        using var http = _registry.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{repository}/manifests/{reference}");
        foreach (var type in MediaTypes.AcceptedManifestTypes)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var served = response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? Digest.Parse(values.Single()) : null;
        await using var body = await response.Content.ReadAsStreamAsync();
        var manifest = await Manifest.ReadAsync(body, response.Content.Headers.ContentType?.ToString(), expected);
        return (manifest, served);
    }

    private async Task<byte[]> FetchBlobAsync(string repository, Descriptor blob)
    {
        using var http = _registry.CreateHttpClient();
        var bytes = await http.GetByteArrayAsync($"v2/{repository}/blobs/{blob.Digest}");
        blob.Digest.Verify(bytes);
        return bytes;
    }

    private static async Task<Dictionary<string, Descriptor>> ReadLayoutDescriptorsAsync(string layoutDirectory)
    {
        var json = await File.ReadAllBytesAsync(Path.Combine(layoutDirectory, "index.json"));
        var layoutIndex = Manifest.Parse(json, MediaTypes.OciIndex).Index!;
        return layoutIndex.Manifests.ToDictionary(m => m.Annotations!["org.opencontainers.image.ref.name"]);
    }

    // Stores the index as a blob of the layout and tags it in index.json, as an OCI layout writer would.
    private static async Task AddToLayoutAsync(string layoutDirectory, Manifest index, string tag)
    {
        var blobPath = Path.Combine(layoutDirectory, "blobs", index.Digest.Algorithm, index.Digest.Encoded);
        await File.WriteAllBytesAsync(blobPath, index.Content.ToArray());
        var indexPath = Path.Combine(layoutDirectory, "index.json");
        var layoutIndex = Manifest.Parse(await File.ReadAllBytesAsync(indexPath), MediaTypes.OciIndex).Index!;
        var tagged = index.Descriptor with { Annotations = new Dictionary<string, string> { ["org.opencontainers.image.ref.name"] = tag } };
        var updated = Manifest.Create(layoutIndex with { Manifests = [.. layoutIndex.Manifests, tagged] });
        await File.WriteAllBytesAsync(indexPath, updated.Content.ToArray());
    }
}
