using OciRegistry.Client.Cli.IntegrationTests.Support;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Tools;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Copy;

/// <summary>Off a terminal (redirected streams, as here) copy prints skopeo 1.9.3's progress lines on stdout, where
/// skopeo prints them, compared side by side with skopeo's; nothing with <c>--quiet</c>.</summary>
public sealed class ProgressTests(PlainRegistry fixture, ITestOutputHelper output) : IClassFixture<PlainRegistry>, IDisposable
{
    private readonly ProcessLogScope _log = fixture.Registry.CaptureLog(output);
    private readonly Ocireg _ocireg = new(output);

    private string Source => fixture.Registry.DockerReference(fixture.Sample.Repository, "v1");

    public void Dispose()
    {
        _ocireg.Dispose();
        _log.Dispose();
    }

    [Fact]
    public async Task A_copy_prints_the_lines_skopeo_prints_on_stdout_and_nothing_on_stderr()
    {
        var ours = await _ocireg.SucceedAsync(
            "copy", "--src-tls-verify=false", "--dest-tls-verify=false", Source, fixture.Registry.DockerReference(fixture.Registry.NewRepository("progress/ours"), "v1"));
        var theirs = await Skopeo.Locate().RunAsync(
            ["copy", "--src-tls-verify=false", "--dest-tls-verify=false", Source, fixture.Registry.DockerReference(fixture.Registry.NewRepository("progress/theirs"), "v1")]);

        Assert.True(ours.StandardError.Length == 0, ours.ToString());
        Assert.Equal(Lines(theirs.StandardOutput), Lines(ours.StandardOutput));
        Assert.Equal("Getting image source signatures", Lines(ours.StandardOutput)[0]);
        Assert.Equal(SampleImage.LayerCount, Lines(ours.StandardOutput).Count(l => l.StartsWith("Copying blob sha256:", StringComparison.Ordinal)));
        Assert.DoesNotContain('\u001b', ours.StandardOutput);
    }

    [Fact]
    public async Task Blobs_the_destination_has_are_named_as_skopeo_names_them()
    {
        // The second copy into each repository finds every blob there; skopeo's line does not change off a terminal.
        var (ourRepository, theirRepository) = (fixture.Registry.NewRepository("progress/again-ours"), fixture.Registry.NewRepository("progress/again-theirs"));
        string[] ourCopy = ["copy", "--src-tls-verify=false", "--dest-tls-verify=false", Source, fixture.Registry.DockerReference(ourRepository, "v1")];
        string[] theirCopy = ["copy", "--src-tls-verify=false", "--dest-tls-verify=false", Source, fixture.Registry.DockerReference(theirRepository, "v1")];
        await _ocireg.SucceedAsync(ourCopy);
        await Skopeo.Locate().RunAsync(theirCopy);

        var ours = await _ocireg.SucceedAsync(ourCopy);
        var theirs = await Skopeo.Locate().RunAsync(theirCopy);

        Assert.Equal(Lines(theirs.StandardOutput), Lines(ours.StandardOutput));
    }

    [Fact]
    public async Task Remove_signatures_drops_the_getting_signatures_line_as_skopeo_does()
    {
        var ours = await _ocireg.SucceedAsync("copy", "--remove-signatures", "--src-tls-verify=false", Source, $"oci:{_ocireg.PathInHome("ours")}:v1");
        var theirs = await Skopeo.Locate().RunAsync(["copy", "--remove-signatures", "--src-tls-verify=false", Source, $"oci:{_ocireg.PathInHome("theirs")}:v1"]);

        Assert.Equal(Lines(theirs.StandardOutput), Lines(ours.StandardOutput));
        Assert.DoesNotContain("Getting image source signatures", ours.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_docker_archive_written_to_stdout_is_all_stdout_holds()
    {
        // /proc/self/fd/1 is what /dev/stdout links to. The test names it rather than /dev/stdout because a writer
        // that renames a finished temp file over its target replaces /dev/stdout itself when run as root (seen), and
        // the same mistake here fails inside /proc instead of damaging the machine.
        var result = await _ocireg.SucceedAsync("copy", "--src-tls-verify=false", Source, "docker-archive:/proc/self/fd/1:sample/app:v1");

        var archive = _ocireg.PathInHome("stdout") + ".tar";
        await File.WriteAllBytesAsync(archive, result.StandardOutputBytes);
        var manifest = await Skopeo.Locate().RunAsync(["inspect", "--raw", $"docker-archive:{archive}"]);
        Assert.Equal(
            ConfigDigest((await Skopeo.Locate().InspectRawAsync(Source, SkopeoRegistryAccess.Insecure)).ToArray()),
            ConfigDigest(manifest.StandardOutputBytes.ToArray()));
    }

    [Fact]
    public async Task Quiet_prints_nothing_at_all_as_skopeo()
    {
        var ours = await _ocireg.SucceedAsync(
            "copy", "--quiet", "--src-tls-verify=false", "--dest-tls-verify=false", Source, fixture.Registry.DockerReference(fixture.Registry.NewRepository("progress/quiet"), "v1"));
        var theirs = await Skopeo.Locate().RunAsync(
            ["copy", "--quiet", "--src-tls-verify=false", "--dest-tls-verify=false", Source, fixture.Registry.DockerReference(fixture.Registry.NewRepository("progress/quiet-theirs"), "v1")]);

        Assert.True(ours.StandardOutputBytes.Length == 0 && ours.StandardError.Length == 0, ours.ToString());
        Assert.True(theirs.StandardOutputBytes.Length == 0 && theirs.StandardError.Length == 0, theirs.StandardError);
    }

    [Fact]
    public async Task The_digestfile_holds_the_digest_written()
    {
        var destination = fixture.Registry.DockerReference(fixture.Registry.NewRepository("progress/digestfile"), "v1");
        var digestFile = _ocireg.PathInHome("digest");

        await _ocireg.SucceedAsync("copy", "-q", "--digestfile", digestFile, "--src-tls-verify=false", "--dest-tls-verify=false", Source, destination);

        Assert.Equal(fixture.Sample.ManifestDigest.ToString(), (await File.ReadAllTextAsync(digestFile)).Trim());
    }

    // Blob lines in order of their digests: skopeo copies layers in parallel, so their order varies from run to run.
    private static List<string> Lines(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        var blobs = lines.Where(l => l.StartsWith("Copying blob ", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var next = 0;
        return [.. lines.Select(l => l.StartsWith("Copying blob ", StringComparison.Ordinal) ? blobs[next++] : l)];
    }

    private static string ConfigDigest(byte[] manifest)
    {
        using var document = System.Text.Json.JsonDocument.Parse(manifest);
        return document.RootElement.GetProperty("config").GetProperty("digest").GetString()!;
    }
}
