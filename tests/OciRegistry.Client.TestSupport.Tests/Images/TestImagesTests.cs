using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OciRegistry.Client.TestSupport.Images;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using Xunit.Abstractions;

namespace OciRegistry.Client.TestSupport.Tests.Images;

public sealed class TestImagesTests(RegistryFixture registry, ITestOutputHelper output)
    : IClassFixture<RegistryFixture>, IDisposable
{
    private readonly ProcessLogScope _log = registry.CaptureLog(output);
    private readonly TestImages _images = TestImages.Locate();

    [Fact]
    public async Task A_pushed_image_reads_back_with_skopeo_and_its_digest_matches_the_registry()
    {
        var repository = registry.NewRepository("images/readback");

        var pushed = await _images.PushAsync(registry, repository, "v1");
        var raw = await _images.Skopeo.InspectRawAsync(registry.DockerReference(repository, "v1"), registry.GetSkopeoAccess());

        Assert.Equal(pushed.ManifestDigest, Digest.Compute(raw.Span));
        using var client = registry.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"v2/{repository}/manifests/v1", UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.manifest.v1+json"));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(raw.ToArray(), body);
        Assert.Equal(pushed.ManifestDigest.ToString(), Assert.Single(response.Headers.GetValues("Docker-Content-Digest")));
    }

    [Fact]
    public async Task The_image_has_one_layer_and_the_configured_env_label_and_cmd()
    {
        var repository = registry.NewRepository("images/config");
        var content = new TestImageContent { Environment = "GREETING=hi", Label = new("org.example.kind", "smoke") };

        await _images.PushAsync(registry, repository, "cfg", content);
        var inspect = await _images.Skopeo.InspectAsync(registry.DockerReference(repository, "cfg"), registry.GetSkopeoAccess());

        using var document = JsonDocument.Parse(inspect);
        var root = document.RootElement;
        Assert.Single(root.GetProperty("Layers").EnumerateArray());
        Assert.Contains("GREETING=hi", root.GetProperty("Env").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("smoke", root.GetProperty("Labels").GetProperty("org.example.kind").GetString());
    }

    [Fact]
    public async Task The_layer_holds_the_file_content()
    {
        var layout = await _images.BuildLayoutAsync(registry.CreateScratchDirectory("layout"), "t", new TestImageContent { FileContent = "payload-42\n" });
        var unpacked = Path.Combine(registry.CreateScratchDirectory("unpack"), "bundle");

        await _images.Umoci.RunAsync(["unpack", "--rootless", "--image", $"{layout.LayoutDirectory}:t", unpacked]);

        Assert.Equal("payload-42\n", await File.ReadAllTextAsync(Path.Combine(unpacked, "rootfs", "hello.txt")));
    }

    [Fact]
    public async Task Two_builds_in_one_layout_keep_both_tags()
    {
        var directory = registry.CreateScratchDirectory("two");

        var first = await _images.BuildLayoutAsync(directory, "one");
        var second = await _images.BuildLayoutAsync(directory, "two");
        var tags = await _images.Umoci.RunAsync(["ls", "--layout", directory]);

        Assert.NotEqual(first.ManifestDigest, second.ManifestDigest);
        Assert.Equal(["one", "two"], tags.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }

    public void Dispose() => _log.Dispose();
}
