using System.Formats.Tar;
using OciRegistry.Client.Copy.Tests.Transports.Support;
using OciRegistry.Client.Copy.Transports;

namespace OciRegistry.Client.Copy.Tests.Transports;

public sealed class OciArchiveTests : IDisposable
{
    private const string Index = """{"schemaVersion":2,"manifests":[]}""";

    private readonly ScratchDirectory _scratch = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_image_or_an_index_round_trips_with_equal_digests(bool multiPlatform)
    {
        var image = multiPlatform ? TestImage.Index() : TestImage.Single();
        var path = _scratch.Combine("image.tar");
        using (var destination = new OciArchiveDestination(path))
        {
            await EngineCopy.CopyAsync(new MemorySource(image), "", destination, "v1");
        }

        using var source = await OciArchiveSource.OpenAsync(path);
        var read = await BlobAssert.ReadsBackAsync(source, "v1");

        Assert.Equal(image.Manifest.Digest, read.Digest);
        Assert.Equal(["v1"], await source.ListTagsAsync().ToListAsync());
        var names = ReadNames(path);
        Assert.Contains("oci-layout", names);
        Assert.Contains("index.json", names);
        Assert.All(image.Manifests.Keys, d => Assert.Contains($"blobs/sha256/{d.Encoded}", names));
        Assert.DoesNotContain(names, n => n.Contains("lock", StringComparison.Ordinal) || n.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_gzip_compressed_archive_is_read()
    {
        var image = TestImage.Single();
        var path = _scratch.Combine("image.tar");
        using (var destination = new OciArchiveDestination(path))
        {
            await EngineCopy.CopyAsync(new MemorySource(image), "", destination, "v1");
        }

        await File.WriteAllBytesAsync(path + ".gz", TestImage.Gzip(await File.ReadAllBytesAsync(path)));
        using var source = await OciArchiveSource.OpenAsync(path + ".gz");

        Assert.Equal(image.Manifest.Digest, (await BlobAssert.ReadsBackAsync(source, "")).Digest);
    }

    [Theory]
    [InlineData("../evil", "'..' component")]
    [InlineData("blobs/../../evil", "'..' component")]
    [InlineData("/etc/evil", "absolute path")]
    public async Task Entries_that_traverse_out_of_the_archive_are_refused(string entry, string reason)
    {
        var path = _scratch.Combine("evil.tar");
        ArchiveTestFiles.Write(path, [("oci-layout", """{"imageLayoutVersion":"1.0.0"}"""), ("index.json", Index), (entry, "x")]);

        var error = await Assert.ThrowsAsync<UnsafePathException>(() => OciArchiveSource.OpenAsync(path));

        Assert.Equal(entry, error.Entry);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("blobs/sha256/abc", "../../../etc/passwd")]
    [InlineData("blobs/sha256/abc", "/etc/passwd")]
    public async Task Symlinks_that_escape_the_archive_are_refused(string link, string target)
    {
        var path = _scratch.Combine("evil.tar");
        ArchiveTestFiles.Write(path, [("index.json", Index)], [(link, target)]);

        var error = await Assert.ThrowsAsync<UnsafePathException>(() => OciArchiveSource.OpenAsync(path));

        Assert.Equal(link, error.Entry);
        Assert.Contains(target, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_tar_is_refused()
    {
        var path = _scratch.Combine("not.tar");
        await File.WriteAllBytesAsync(path, new byte[1024].Select((_, i) => (byte)(i * 7)).ToArray());

        await Assert.ThrowsAsync<InvalidImageLayoutException>(() => OciArchiveSource.OpenAsync(path));
    }

    public void Dispose() => _scratch.Dispose();

    private static List<string> ReadNames(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new TarReader(stream);
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
        }

        return names;
    }
}
