using OciRegistry.Client.Cli.IntegrationTests.Support;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Signals;

/// <summary>Archives that say more than they hold, or two things at once, are refused with one line naming them, leaving nothing behind.</summary>
public sealed class HostileArchiveTests(ITestOutputHelper output) : IDisposable
{
    private readonly Ocireg _ocireg = new(output);

    public void Dispose() => _ocireg.Dispose();

    [Fact]
    public async Task A_gzip_docker_archive_that_inflates_beyond_the_bound_is_refused_and_leaves_nothing_in_TMPDIR()
    {
        // 300 MiB of zeros is about 300 KB of gzip: beyond both 100 times its size and the 256 MiB always allowed.
        var temp = Directory.CreateDirectory(_ocireg.PathInHome("tmp")).FullName;
        var bomb = _ocireg.PathInHome("bomb") + ".tar.gz";
        GeneratedArchives.WriteGzipZeros(bomb, 300L * 1024 * 1024);

        var line = Expect.FailsWithOneLine(
            await _ocireg.RunAsync(["inspect", $"docker-archive:{bomb}"], standardInput: null, new Dictionary<string, string> { ["TMPDIR"] = temp }),
            1);

        Assert.Contains(bomb, line, StringComparison.Ordinal);
        Assert.Contains("decompression bomb", line, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp));
    }

    [Fact]
    public async Task A_docker_archive_with_two_manifest_json_entries_is_refused_naming_it()
    {
        var archive = _ocireg.PathInHome("two-manifests") + ".tar";
        GeneratedArchives.WriteDockerArchiveWithTwoManifests(archive);

        var line = Expect.FailsWithOneLine(await _ocireg.RunAsync("inspect", $"docker-archive:{archive}"), 1);

        Assert.Contains(archive, line, StringComparison.Ordinal);
        Assert.Contains("more than one entry named \"manifest.json\"", line, StringComparison.Ordinal);
    }
}
