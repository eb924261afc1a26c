using OciRegistry.Client.Cli.IntegrationTests.Support;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Signals;

/// <summary>A gzip-compressed docker archive of one 384 MiB layer, written once for the class and deleted after.</summary>
public sealed class LargeDockerArchive : IDisposable
{
    public LargeDockerArchive()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("ocireg-signals-").FullName;
        Path = System.IO.Path.Combine(Directory, "big.tar.gz");
        GeneratedArchives.WriteLargeGzipDockerArchive(Path, 384L * 1024 * 1024);
    }

    public string Directory { get; }

    public string Path { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

/// <summary>
/// SIGTERM, as <c>kill</c>, systemd and Kubernetes send it, ends a copy as Ctrl+C does: the command is cancelled,
/// exits 143, and leaves no temporary file or directory, neither in <c>TMPDIR</c> nor beside the destination.
/// </summary>
public sealed class TerminationTests(LargeDockerArchive archive, ITestOutputHelper output) : IClassFixture<LargeDockerArchive>, IDisposable
{
    private readonly Ocireg _ocireg = new(output);

    public void Dispose() => _ocireg.Dispose();

    [Fact]
    public async Task SIGTERM_while_a_gzip_docker_archive_is_read_exits_143_and_leaves_nothing_in_TMPDIR()
    {
        var temp = NewDirectory("tmp");
        var destination = _ocireg.PathInHome("dir");

        using var copy = _ocireg.Start(["copy", "--quiet", $"docker-archive:{archive.Path}", $"dir:{destination}"], Environment(temp));
        await copy.WaitUntilAsync(
            () => copy.OpenFiles().Any(f => f.StartsWith(temp + "/", StringComparison.Ordinal)),
            "the archive is being decompressed into TMPDIR");
        await copy.TerminateAsync();
        var result = await copy.WaitForExitAsync();

        Assert.True(result.ExitCode == 143, result.ToString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp));
    }

    [Fact]
    public async Task SIGTERM_while_an_oci_archive_is_written_exits_143_and_leaves_nothing_in_TMPDIR_or_beside_it()
    {
        var temp = NewDirectory("tmp");
        var outputDirectory = NewDirectory("out");
        var destination = Path.Combine(outputDirectory, "image.tar");

        using var copy = _ocireg.Start(["copy", "--quiet", $"docker-archive:{archive.Path}", $"oci-archive:{destination}:v1"], Environment(temp));

        // Blobs are staged in TMPDIR, then the archive is written to a temporary file beside it; the second step can
        // take mere milliseconds (the staged files are copied by the kernel), so the signal comes during either.
        await copy.WaitUntilAsync(
            () => Directory.EnumerateFileSystemEntries(outputDirectory).Any()
                || copy.OpenFiles().Any(f => f.StartsWith(temp + "/", StringComparison.Ordinal)),
            "the archive is being staged in TMPDIR or written beside its destination");
        await copy.TerminateAsync();
        var result = await copy.WaitForExitAsync();

        Assert.True(result.ExitCode == 143, result.ToString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp));
        Assert.Empty(Directory.EnumerateFileSystemEntries(outputDirectory));
    }

    private static Dictionary<string, string> Environment(string temp) => new() { ["TMPDIR"] = temp };

    private string NewDirectory(string name) => Directory.CreateDirectory(_ocireg.PathInHome(name)).FullName;
}
