using System.Formats.Tar;
using OciRegistry.Client.Copy.Tests.Transports.Support;
using OciRegistry.Client.Copy.Transports;

namespace OciRegistry.Client.Copy.Tests.Transports;

/// <summary>
/// What an archive source decompresses is bounded by <see cref="ArchiveReadOptions"/>, kept in a file without a name,
/// and an archive with two entries of one name is refused.
/// </summary>
public sealed class ArchiveBoundTests : IDisposable
{
    private const int Mebibyte = 1024 * 1024;

    private static readonly ArchiveReadOptions Tight = new() { MaxDecompressionRatio = 10, MinDecompressionLimit = Mebibyte };

    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Options_out_of_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ArchiveReadOptions { MaxDecompressionRatio = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ArchiveReadOptions { MinDecompressionLimit = -1 });
        Assert.Equal(100, ArchiveReadOptions.Default.MaxDecompressionRatio);
        Assert.Equal(256L * Mebibyte, ArchiveReadOptions.Default.MinDecompressionLimit);
    }

    [Fact]
    public async Task A_small_archive_expanding_beyond_the_ratio_is_read_within_the_minimum()
    {
        // 768 KiB of zeros is less than 1 KB of gzip: far beyond 10 times its size, but within the 1 MiB always allowed.
        var path = _scratch.Combine("small.tar.gz");
        await File.WriteAllBytesAsync(path, TestImage.Gzip(Tar(("manifest.json", "[]"u8.ToArray()), ("zeros", new byte[768 * 1024]))));

        using var source = await DockerArchiveSource.OpenAsync(path, Tight);

        Assert.Empty(await source.ListTagsAsync().ToListAsync());
    }

    [Fact]
    public async Task A_gzip_docker_archive_within_the_bound_is_read()
    {
        var path = await WriteDockerArchiveAsync();
        await File.WriteAllBytesAsync(path + ".gz", TestImage.Gzip(await File.ReadAllBytesAsync(path)));

        using var source = await DockerArchiveSource.OpenAsync(path + ".gz", Tight);

        Assert.NotNull(await BlobAssert.ReadsBackAsync(source, ""));
    }

    [Theory]
    [InlineData("docker-archive")]
    [InlineData("oci-archive")]
    public async Task A_gzip_archive_that_inflates_beyond_the_bound_is_refused_naming_it(string transport)
    {
        // 4 MiB of zeros in a tar is some 4 KB of gzip: beyond 10 times its size and beyond the 1 MiB always allowed.
        var path = _scratch.Combine("bomb.tar.gz");
        await File.WriteAllBytesAsync(path, TestImage.Gzip(Tar(("manifest.json", "[]"u8.ToArray()), ("zeros", new byte[4 * Mebibyte]))));

        var error = await Assert.ThrowsAsync<InvalidImageLayoutException>(async () =>
        {
            using IDisposable source = transport == "oci-archive"
                ? await OciArchiveSource.OpenAsync(path, Tight)
                : await DockerArchiveSource.OpenAsync(path, Tight);
        });

        Assert.Contains($"\"{path}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxDecompressionRatio", error.Message, StringComparison.Ordinal);
        Assert.Contains("decompression bomb", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gzip_layer_inside_a_docker_archive_that_inflates_beyond_the_bound_is_refused_naming_it()
    {
        var layer = TestImage.Gzip(Tar(("zeros", new byte[4 * Mebibyte])));
        var diffId = Digest.Compute(Tar(("zeros", new byte[4 * Mebibyte])));
        var path = _scratch.Combine("layer-bomb.tar");
        await File.WriteAllBytesAsync(path, Tar(
            ("manifest.json", """[{"Config":"c.json","RepoTags":[],"Layers":["bomb.tar.gz"]}]"""u8.ToArray()),
            ("c.json", System.Text.Encoding.UTF8.GetBytes($$$"""{"rootfs":{"type":"layers","diff_ids":["{{{diffId}}}"]}}""")),
            ("bomb.tar.gz", layer)));
        using var source = await DockerArchiveSource.OpenAsync(path, Tight);

        var error = await Assert.ThrowsAsync<InvalidImageLayoutException>(() => source.FetchManifestAsync(""));

        Assert.Contains("\"bomb.tar.gz\"", error.Message, StringComparison.Ordinal);
        Assert.Contains($"\"{path}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("decompression bomb", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_decompressed_copy_of_a_gzip_archive_has_no_name_while_it_is_read()
    {
        var path = await WriteDockerArchiveAsync();
        await File.WriteAllBytesAsync(path + ".gz", TestImage.Gzip(await File.ReadAllBytesAsync(path)));
        var before = OpenArchiveCopies();

        using var source = await DockerArchiveSource.OpenAsync(path + ".gz");
        await BlobAssert.ReadsBackAsync(source, "");
        var copies = OpenArchiveCopies().Except(before).ToList();

        // Unlinked as soon as it is created, it cannot outlive the process, however the process ends.
        var copy = Assert.Single(copies);
        Assert.EndsWith(" (deleted)", copy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_docker_archive_with_two_manifest_json_entries_is_refused_naming_it()
    {
        var path = _scratch.Combine("two-manifests.tar");
        ArchiveTestFiles.Write(path, [
            ("manifest.json", """[{"Config":"c.json","RepoTags":["a:v1"],"Layers":[]}]"""),
            ("c.json", """{"rootfs":{"type":"layers","diff_ids":[]}}"""),
            ("manifest.json", """[{"Config":"c.json","RepoTags":["b:v1"],"Layers":[]}]""")]);

        var error = await Assert.ThrowsAsync<InvalidImageLayoutException>(() => DockerArchiveSource.OpenAsync(path));

        Assert.Contains($"\"{path}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("more than one entry named \"manifest.json\"", error.Message, StringComparison.Ordinal);
    }

    // The files this process holds open whose name marks them as the decompressed copy of an archive.
    private static HashSet<string> OpenArchiveCopies() =>
        [.. Directory.EnumerateFileSystemEntries("/proc/self/fd")
            .Select(fd => { try { return new FileInfo(fd).LinkTarget; } catch (IOException) { return null; } })
            .OfType<string>()
            .Where(target => target.Contains("ocireg-archive-", StringComparison.Ordinal))];

    private static byte[] Tar(params (string Name, byte[] Content)[] files)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
            }
        }

        return buffer.ToArray();
    }

    private async Task<string> WriteDockerArchiveAsync()
    {
        var path = _scratch.Combine($"image-{Guid.NewGuid():N}.tar");
        using var destination = new DockerArchiveDestination(path);
        await EngineCopy.CopyAsync(new MemorySource(TestImage.Single()), "", destination, "example/app:v1");
        return path;
    }
}
