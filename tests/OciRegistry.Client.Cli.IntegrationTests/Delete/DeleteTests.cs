using OciRegistry.Client.Cli.IntegrationTests.Support;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Tools;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Delete;

/// <summary><c>delete</c> by tag resolves the digest and deletes the manifest, as skopeo does.</summary>
public sealed class DeleteTests(PlainRegistry fixture, ITestOutputHelper output) : IClassFixture<PlainRegistry>, IDisposable
{
    private readonly ProcessLogScope _log = fixture.Registry.CaptureLog(output);
    private readonly Ocireg _ocireg = new(output);

    public void Dispose()
    {
        _ocireg.Dispose();
        _log.Dispose();
    }

    [Fact]
    public async Task Delete_by_tag_removes_the_manifest_the_tag_named()
    {
        var image = await fixture.PushNewAsync("delete/by-tag", "v1");
        var tagged = fixture.Registry.DockerReference(image.Repository, "v1");

        var result = await _ocireg.SucceedAsync("delete", "--tls-verify=false", tagged);

        Assert.Empty(result.StandardOutputBytes);
        Expect.FailsWithOneLine(await _ocireg.RunAsync("inspect", "--tls-verify=false", tagged), 2);
        var byDigest = await Skopeo.Locate().Tool.RunUncheckedAsync(
            ["--insecure-policy", "inspect", "--raw", "--tls-verify=false", "--no-creds",
             fixture.Registry.DockerReference(image.Repository, image.ManifestDigest.ToString())]);
        Assert.NotEqual(0, byDigest.ExitCode);
        // The sample in the other repository is untouched.
        await _ocireg.SucceedAsync("inspect", "--raw", "--tls-verify=false", fixture.Registry.DockerReference(fixture.Sample.Repository, "v1"));
    }

    [Fact]
    public async Task Delete_by_digest_removes_the_manifest()
    {
        var image = await fixture.PushNewAsync("delete/by-digest", "v1");

        await _ocireg.SucceedAsync("delete", "--tls-verify=false", fixture.Registry.DockerReference(image.Repository, image.ManifestDigest.ToString()));

        Expect.FailsWithOneLine(await _ocireg.RunAsync("inspect", "--tls-verify=false", fixture.Registry.DockerReference(image.Repository, "v1")), 2);
    }

    [Fact]
    public async Task Inspecting_an_image_deleted_by_skopeo_exits_2_where_skopeo_exits_1_with_the_same_words()
    {
        // docs/cli.md: ocireg exits 2 when the image does not exist; skopeo 1.9.3 exits 1 for every failure.
        var image = await fixture.PushNewAsync("delete/then-inspect", "v1");
        var tagged = fixture.Registry.DockerReference(image.Repository, "v1");
        await Skopeo.Locate().RunAsync(["delete", "--tls-verify=false", tagged]);

        var ours = Expect.FailsWithOneLine(await _ocireg.RunAsync("inspect", "--tls-verify=false", tagged), 2);
        var theirs = await Skopeo.Locate().Tool.RunUncheckedAsync(["--insecure-policy", "inspect", "--tls-verify=false", tagged]);

        Assert.Equal(1, theirs.ExitCode);
        Assert.Contains("manifest unknown: manifest unknown", theirs.StandardError, StringComparison.Ordinal);
        Assert.Contains("manifest unknown: manifest unknown", ours, StringComparison.Ordinal);
        Assert.Contains(tagged, ours, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_missing_tag_exits_2()
    {
        var line = Expect.FailsWithOneLine(
            await _ocireg.RunAsync("delete", "--tls-verify=false", fixture.Registry.DockerReference(fixture.Sample.Repository, "no-such-tag")), 2);

        Assert.Contains(fixture.Sample.Repository, line, StringComparison.Ordinal);
    }
}
