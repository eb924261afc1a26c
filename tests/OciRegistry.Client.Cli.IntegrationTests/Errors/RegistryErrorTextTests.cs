using OciRegistry.Client.Cli.IntegrationTests.Support;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using OciRegistry.Client.TestSupport.Tools;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Errors;

/// <summary>
/// The registry's error text appears in the failure line as skopeo 1.9.3 shows it (the words scripts search for),
/// with the image and what was being done around it: ocireg and skopeo run side by side on the same commands against
/// an htpasswd registry.
/// </summary>
public sealed class RegistryErrorTextTests(HtpasswdRegistry fixture, ITestOutputHelper output) : IClassFixture<HtpasswdRegistry>, IDisposable
{
    private readonly ProcessLogScope _log = fixture.Registry.CaptureLog(output);
    private readonly Ocireg _ocireg = new(output);
    private readonly Skopeo _skopeo = Skopeo.Locate();

    private string Credentials => $"{CliRegistry.Alice.Name}:{CliRegistry.Alice.Password}";

    public void Dispose()
    {
        _ocireg.Dispose();
        _log.Dispose();
    }

    [Fact]
    public async Task Inspect_without_credentials_says_unauthorized_authentication_required_as_skopeo_does()
    {
        var image = fixture.Registry.DockerReference(fixture.Sample.Repository, "v1");

        var (ours, theirs) = await BothAsync(1, ["inspect", "--tls-verify=false", image]);

        AssertSameWords("unauthorized: authentication required", ours, theirs);
        Assert.Contains($"inspecting {image}", ours, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copy_without_source_credentials_says_unauthorized_authentication_required_as_skopeo_does()
    {
        var image = fixture.Registry.DockerReference(fixture.Sample.Repository, "v1");

        var (ours, theirs) = await BothAsync(1, ["copy", "--src-tls-verify=false", image, $"oci:{_ocireg.PathInHome("layout")}:v1"]);

        AssertSameWords("unauthorized: authentication required", ours, theirs);
        Assert.Contains(fixture.Sample.Repository, ours, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pushing_without_credentials_says_unauthorized_authentication_required_as_skopeo_does()
    {
        // The first request of a push is a HEAD, whose 401 has no body: the words are the same all the same.
        var layout = $"oci:{fixture.Sample.Layout.LayoutDirectory}:{fixture.Sample.Layout.Tag}";
        var destination = fixture.Registry.DockerReference(fixture.Registry.NewRepository("no-creds"), "v1");

        var (ours, theirs) = await BothAsync(1, ["copy", "--quiet", "--dest-tls-verify=false", layout, destination]);

        AssertSameWords("unauthorized: authentication required", ours, theirs);
    }

    [Fact]
    public async Task A_missing_tag_says_manifest_unknown_as_skopeo_does_and_exits_2()
    {
        var image = fixture.Registry.DockerReference(fixture.Sample.Repository, "no-such-tag");

        var (ours, theirs) = await BothAsync(2, ["inspect", "--tls-verify=false", "--creds", Credentials, image]);

        AssertSameWords("manifest unknown: manifest unknown", ours, theirs);
        Assert.Contains(image, ours, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_repository_says_manifest_unknown_as_skopeo_does_and_exits_2()
    {
        var image = fixture.Registry.DockerReference(fixture.Registry.NewRepository("never/pushed"), "v1");

        var (ours, theirs) = await BothAsync(2, ["inspect", "--tls-verify=false", "--creds", Credentials, image]);

        AssertSameWords("manifest unknown: manifest unknown", ours, theirs);
    }

    [Fact]
    public async Task A_delete_without_credentials_is_denied_with_skopeos_words()
    {
        var image = fixture.Registry.DockerReference(fixture.Sample.Repository, "v2");

        var (ours, theirs) = await BothAsync(1, ["delete", "--tls-verify=false", image]);

        // skopeo's delete prints the body as it came and the status line; ours the status line and the same words.
        AssertSameWords("authentication required", ours, theirs);
        AssertSameWords("401 Unauthorized", ours, theirs);
        Assert.Contains($"deleting {image}", ours, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delete_refused_by_a_registry_that_disables_deletion_carries_the_registrys_words()
    {
        await using var registry = await RegistryFixture.StartAsync(new RegistryOptions { DeleteEnabled = false });
        var sample = await SampleImage.PushAsync(registry, "undeletable/app", ["v1"], registry.GetSkopeoAccess());
        var image = registry.DockerReference(sample.Repository, "v1");

        var (ours, theirs) = await BothAsync(1, ["delete", "--tls-verify=false", image]);

        // skopeo prints the body as it came and the status; both carry the registry's message and the status line.
        AssertSameWords("The operation is unsupported", ours, theirs);
        AssertSameWords("405 Method Not Allowed", ours, theirs);
    }

    // skopeo exits 1 for every failure; ocireg exits 2 when the image does not exist (docs/cli.md).
    private async Task<(string Ours, string Theirs)> BothAsync(int oursExit, string[] arguments)
    {
        var ours = await _ocireg.RunAsync(arguments);
        var theirs = await _skopeo.Tool.RunUncheckedAsync(["--insecure-policy", .. arguments]);
        Assert.True(theirs.ExitCode == 1, $"skopeo {string.Join(' ', arguments)} exited {theirs.ExitCode}: {theirs.StandardError}");
        var line = Expect.FailsWithOneLine(ours, oursExit);
        return (line, theirs.StandardError);
    }

    private static void AssertSameWords(string words, string ours, string theirs)
    {
        Assert.Contains(words, theirs, StringComparison.Ordinal);
        Assert.Contains(words, ours, StringComparison.Ordinal);
    }
}
