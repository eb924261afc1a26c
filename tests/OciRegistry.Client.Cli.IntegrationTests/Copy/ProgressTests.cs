using OciRegistry.Client.Cli.IntegrationTests.Support;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Tools;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Copy;

/// <summary>Progress goes to stderr, never stdout: one line per blob when stderr is not a terminal (a redirected
/// stream, as here), nothing with <c>--quiet</c>.</summary>
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
    public async Task A_copy_prints_nothing_on_stdout_and_a_line_per_blob_on_stderr()
    {
        var destination = fixture.Registry.DockerReference(fixture.Registry.NewRepository("progress/lines"), "v1");

        var result = await _ocireg.SucceedAsync("copy", "--src-tls-verify=false", "--dest-tls-verify=false", Source, destination);

        Assert.True(result.StandardOutputBytes.Length == 0, result.ToString());
        // Two layers and a config: at least one line for each blob, plain lines (no cursor movement) off a terminal.
        Assert.True(result.ErrorLines.Count >= SampleImage.LayerCount + 1, result.ToString());
        Assert.DoesNotContain('\r', result.StandardError);
        Assert.DoesNotContain('\u001b', result.StandardError);
    }

    [Fact]
    public async Task A_copy_to_an_oci_layout_prints_nothing_on_stdout()
    {
        var layout = _ocireg.PathInHome("progress-layout");

        var result = await _ocireg.SucceedAsync("copy", "--src-tls-verify=false", Source, $"oci:{layout}:v1");

        Assert.True(result.StandardOutputBytes.Length == 0, result.ToString());
        Assert.NotEmpty(result.ErrorLines);
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
    public async Task Quiet_prints_nothing_at_all()
    {
        var destination = fixture.Registry.DockerReference(fixture.Registry.NewRepository("progress/quiet"), "v1");

        var result = await _ocireg.SucceedAsync("copy", "--quiet", "--src-tls-verify=false", "--dest-tls-verify=false", Source, destination);

        Assert.True(result.StandardOutputBytes.Length == 0 && result.StandardError.Length == 0, result.ToString());
    }

    [Fact]
    public async Task The_digestfile_holds_the_digest_written()
    {
        var destination = fixture.Registry.DockerReference(fixture.Registry.NewRepository("progress/digestfile"), "v1");
        var digestFile = _ocireg.PathInHome("digest");

        await _ocireg.SucceedAsync("copy", "-q", "--digestfile", digestFile, "--src-tls-verify=false", "--dest-tls-verify=false", Source, destination);

        Assert.Equal(fixture.Sample.ManifestDigest.ToString(), (await File.ReadAllTextAsync(digestFile)).Trim());
    }

    private static string ConfigDigest(byte[] manifest)
    {
        using var document = System.Text.Json.JsonDocument.Parse(manifest);
        return document.RootElement.GetProperty("config").GetProperty("digest").GetString()!;
    }
}
