using OciRegistry.Client.Copy.Tests.Transports.Support;
using OciRegistry.Client.Copy.Transports;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Tests.Transports;

public sealed class ImageDirectoryTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task An_image_round_trips_in_skopeos_file_layout()
    {
        var image = TestImage.Single();
        var path = _scratch.Combine("dir");
        using var directory = new ImageDirectory(path);

        await EngineCopy.CopyAsync(new MemorySource(image), "", directory, null);

        Assert.Equal("Directory Transport Version: 1.1\n", await File.ReadAllTextAsync(Path.Combine(path, "version")));
        Assert.Equal(image.Manifest.Content.ToArray(), await File.ReadAllBytesAsync(Path.Combine(path, "manifest.json")));
        Assert.All(image.Blobs.Keys, d => Assert.True(File.Exists(Path.Combine(path, d.Encoded))));
        Assert.Equal(image.Manifest.Digest, (await BlobAssert.ReadsBackAsync(directory, "")).Digest);
    }

    [Fact]
    public async Task An_index_keeps_its_instances_as_hex_manifest_json()
    {
        var index = TestImage.Index();
        var path = _scratch.Combine("dir");
        using var directory = new ImageDirectory(path);

        await EngineCopy.CopyAsync(new MemorySource(index), "", directory, null);

        Assert.Equal(index.Manifest.Content.ToArray(), await File.ReadAllBytesAsync(Path.Combine(path, "manifest.json")));
        Assert.All(index.Manifest.Index!.Manifests, m => Assert.True(File.Exists(Path.Combine(path, m.Digest.Encoded + ".manifest.json"))));
        using var reader = new ImageDirectory(path);
        Assert.Equal(index.Manifest.Digest, (await BlobAssert.ReadsBackAsync(reader, "")).Digest);
    }

    [Fact]
    public async Task A_non_empty_directory_that_is_not_an_image_directory_is_not_overwritten()
    {
        var path = _scratch.Combine("dir");
        Directory.CreateDirectory(path);
        await File.WriteAllTextAsync(Path.Combine(path, "precious.txt"), "keep me");
        using var directory = new ImageDirectory(path);

        var error = await Assert.ThrowsAsync<InvalidImageLayoutException>(() => EngineCopy.CopyAsync(new MemorySource(TestImage.Single()), "", directory, null));

        Assert.Contains("refusing to overwrite", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(path, "precious.txt")));
    }

    [Fact]
    public async Task A_previous_image_directory_is_replaced()
    {
        var path = _scratch.Combine("dir");
        using (var first = new ImageDirectory(path))
        {
            await EngineCopy.CopyAsync(new MemorySource(TestImage.Single(text: "one\n")), "", first, null);
        }

        var second = TestImage.Single(text: "two\n");
        using (var again = new ImageDirectory(path))
        {
            await EngineCopy.CopyAsync(new MemorySource(second), "", again, null);
        }

        var expected = second.Blobs.Keys.Select(d => d.Encoded).Append(second.Manifest.Digest.Encoded + ".manifest.json").Append("manifest.json").Append("version");
        Assert.Equal(expected.Order(StringComparer.Ordinal), Directory.EnumerateFiles(path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_blob_that_is_a_symlink_leading_outside_is_refused()
    {
        var path = _scratch.Combine("dir");
        var image = TestImage.Single();
        using var directory = new ImageDirectory(path);
        await EngineCopy.CopyAsync(new MemorySource(image), "", directory, null);
        var config = image.Manifest.Image!.Config;
        File.Delete(Path.Combine(path, config.Digest.Encoded));
        File.CreateSymbolicLink(Path.Combine(path, config.Digest.Encoded), "/etc/hostname");

        await Assert.ThrowsAsync<UnsafePathException>(() => directory.FetchBlobAsync(config));
    }

    [Fact]
    public async Task A_missing_manifest_is_not_found()
    {
        using var directory = new ImageDirectory(_scratch.Combine("empty"));

        await Assert.ThrowsAsync<ManifestNotFoundException>(() => directory.FetchManifestAsync(""));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => directory.FetchBlobAsync(Descriptor.Empty));
    }

    public void Dispose() => _scratch.Dispose();
}
