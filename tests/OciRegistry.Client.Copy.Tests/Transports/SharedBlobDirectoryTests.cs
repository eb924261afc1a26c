using OciRegistry.Client.Copy.Tests.Transports.Support;
using OciRegistry.Client.Copy.Transports;

namespace OciRegistry.Client.Copy.Tests.Transports;

/// <summary>An OCI layout whose blobs live in a directory shared with other layouts.</summary>
public sealed class SharedBlobDirectoryTests : IDisposable
{
    private static readonly ImageCopier Copier = ImageCopier.Create(options: new CopyOptions { RetryTimes = 0 });

    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task Every_blob_goes_to_the_shared_directory_and_the_layout_keeps_index_json_and_an_empty_blobs()
    {
        var image = TestImage.Single();
        var (path, shared) = (_scratch.Combine("layout"), _scratch.Combine("shared"));
        using (var layout = new OciLayout(path, shared))
        {
            await EngineCopy.CopyAsync(new MemorySource(image), "", layout, "v1");
        }

        var blobs = image.Manifest.Image!.Layers.Prepend(image.Manifest.Image.Config).Select(b => b.Digest).Append(image.Manifest.Digest);
        Assert.All(blobs, d => Assert.True(File.Exists(Path.Combine(shared, d.Algorithm, d.Encoded)), d.ToString()));
        Assert.True(File.Exists(Path.Combine(path, "index.json")));
        Assert.True(File.Exists(Path.Combine(path, "oci-layout")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(path, "blobs")));

        using var reader = new OciLayout(path, shared);
        Assert.Equal(image.Manifest.Digest, (await BlobAssert.ReadsBackAsync(reader, "v1")).Digest);
        using var withoutShared = new OciLayout(path);
        await Assert.ThrowsAsync<ManifestNotFoundException>(() => withoutShared.FetchManifestAsync("v1"));
    }

    [Fact]
    public async Task The_opener_gives_sources_and_destinations_their_own_shared_directory()
    {
        var image = TestImage.Single();
        var (from, to) = (_scratch.Combine("from"), _scratch.Combine("to"));
        var (fromShared, toShared) = (_scratch.Combine("from-blobs"), _scratch.Combine("to-blobs"));
        using (var layout = new OciLayout(from, fromShared))
        {
            await EngineCopy.CopyAsync(new MemorySource(image), "", layout, "v1");
        }

        var opener = new FileImageOpener { SourceSharedBlobDirectory = fromShared, DestinationSharedBlobDirectory = toShared };
        await using (var source = await opener.OpenSourceAsync(ImageLocation.Parse($"oci:{from}:v1")))
        await using (var destination = await opener.OpenDestinationAsync(ImageLocation.Parse($"oci:{to}:v1")))
        {
            await Copier.CopyAsync(source.Source, source.Reference, destination.Destination, destination.Tag);
        }

        Assert.True(File.Exists(Path.Combine(toShared, image.Manifest.Digest.Algorithm, image.Manifest.Digest.Encoded)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(to, "blobs")));
    }

    [Fact]
    public async Task A_failed_copy_lists_nothing_removes_the_layout_it_created_and_keeps_only_whole_blobs()
    {
        var image = TestImage.Single();
        var (path, shared) = (_scratch.Combine("layout"), _scratch.Combine("shared"));
        var layer = image.Manifest.Image!.Layers[0].Digest;
        var source = new StallingSource(image, layer, d => File.Exists(Path.Combine(shared, d.Algorithm, d.Encoded)));

        await Assert.ThrowsAsync<IOException>(async () =>
        {
            await using var destination = await new FileImageOpener { DestinationSharedBlobDirectory = shared }
                .OpenDestinationAsync(ImageLocation.Parse($"oci:{path}:v1"));
            await Copier.CopyAsync(source, "", destination.Destination, destination.Tag);
        });

        Assert.False(Directory.Exists(path));
        Assert.False(File.Exists(Path.Combine(shared, layer.Algorithm, layer.Encoded)));
        Assert.False(File.Exists(Path.Combine(shared, image.Manifest.Digest.Algorithm, image.Manifest.Digest.Encoded)));
        foreach (var file in Directory.EnumerateFiles(shared, "*", SearchOption.AllDirectories))
        {
            Assert.Equal(Path.GetFileName(file), Digest.Compute(File.ReadAllBytes(file)).Encoded);
        }
    }

    [Fact]
    public void An_empty_shared_directory_is_refused() =>
        Assert.Throws<ArgumentException>(() => new OciLayout(_scratch.Combine("layout"), string.Empty));

    public void Dispose() => _scratch.Dispose();
}
