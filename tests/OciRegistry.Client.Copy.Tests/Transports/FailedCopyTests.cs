using System.Buffers;
using System.IO.Pipelines;
using OciRegistry.Client.Content;
using OciRegistry.Client.Copy.Tests.Transports.Support;
using OciRegistry.Client.Copy.Transports;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Tests.Transports;

/// <summary>
/// A copy into a new <c>dir:</c> or <c>oci:</c> location that fails or is cancelled leaves nothing; one into an
/// existing layout leaves it as it was.
/// </summary>
public sealed class FailedCopyTests : IDisposable
{
    private static readonly ImageCopier Copier = ImageCopier.Create(options: new CopyOptions { RetryTimes = 0 });

    private readonly ScratchDirectory _scratch = new();

    [Theory]
    [InlineData("dir")]
    [InlineData("oci")]
    public async Task A_failed_copy_into_a_new_location_leaves_no_directory(string transport)
    {
        var created = _scratch.Combine("new");
        var path = Path.Combine(created, "image");
        var image = TestImage.Single();
        var source = Stalling(image, transport, path);

        await Assert.ThrowsAsync<IOException>(() => CopyAsync(source, ImageLocation.Parse($"{transport}:{path}"), CancellationToken.None));

        Assert.True(source.OthersStored.IsCompleted);
        Assert.False(Directory.Exists(created), $"{created} is left with: {string.Join(", ", Listing(created))}");
    }

    [Theory]
    [InlineData("dir")]
    [InlineData("oci")]
    public async Task A_copy_into_a_new_location_cancelled_midway_leaves_no_directory(string transport)
    {
        var path = _scratch.Combine("image");
        var image = TestImage.Single();
        using var cancellation = new CancellationTokenSource();
        var stalling = new StallingSource(image, Layer(image), d => File.Exists(BlobPath(transport, path, d))) { FailOnStall = false };
        _ = stalling.OthersStored.ContinueWith(_ => cancellation.Cancel(), TaskScheduler.Default);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CopyAsync(stalling, ImageLocation.Parse($"{transport}:{path}"), cancellation.Token));

        Assert.False(Directory.Exists(path), $"{path} is left with: {string.Join(", ", Listing(path))}");
    }

    [Fact]
    public async Task A_failed_copy_into_an_existing_layout_leaves_it_byte_identical()
    {
        var path = _scratch.Combine("layout");
        using (var layout = new OciLayout(path))
        {
            await EngineCopy.CopyAsync(new MemorySource(TestImage.Single()), "", layout, "v1");
        }

        var before = Snapshot(path);
        var image = TestImage.Single(text: "another image\n");
        var source = Stalling(image, "oci", path);

        await Assert.ThrowsAsync<IOException>(() => CopyAsync(source, ImageLocation.Parse($"oci:{path}:v2"), CancellationToken.None));

        Assert.True(source.OthersStored.IsCompleted);
        Assert.Equal(before, Snapshot(path));
    }

    [Fact]
    public async Task A_failed_copy_into_an_empty_directory_leaves_it_empty()
    {
        var path = _scratch.Combine("dir");
        Directory.CreateDirectory(path);
        var image = TestImage.Single();

        await Assert.ThrowsAsync<IOException>(() => CopyAsync(Stalling(image, "dir", path), ImageLocation.Parse($"dir:{path}"), CancellationToken.None));

        Assert.Empty(Listing(path));
    }

    [Fact]
    public async Task An_image_whose_blobs_are_missing_is_not_listed()
    {
        var image = TestImage.Single();
        var path = _scratch.Combine("layout");
        using var layout = new OciLayout(path);
        var config = image.Manifest.Image!.Config;
        await layout.PushBlobAsync(config, PipeReader.Create(new ReadOnlySequence<byte>(image.Blobs[config.Digest])));

        var error = await Assert.ThrowsAsync<BlobNotFoundException>(() => layout.PushManifestAsync(image.Manifest, "v1"));

        Assert.Contains(image.Manifest.Image.Layers[0].Digest.ToString(), error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(path, "index.json")));
    }

    public void Dispose() => _scratch.Dispose();

    private static async Task CopyAsync(IImageSource source, ImageLocation location, CancellationToken cancellationToken)
    {
        var destination = await new FileImageOpener().OpenDestinationAsync(location, cancellationToken);
        await using (destination)
        {
            await Copier.CopyAsync(source, "", destination.Destination, destination.Tag, cancellationToken: cancellationToken);
        }
    }

    private static StallingSource Stalling(TestImage image, string transport, string path) =>
        new(image, Layer(image), d => File.Exists(BlobPath(transport, path, d)));

    private static Digest Layer(TestImage image) => image.Manifest.Image!.Layers[0].Digest;

    private static string BlobPath(string transport, string path, Digest digest) =>
        transport == "dir" ? Path.Combine(path, digest.Encoded) : Path.Combine(path, "blobs", digest.Algorithm, digest.Encoded);

    private static IEnumerable<string> Listing(string path) =>
        Directory.Exists(path) ? Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories).Order() : [];

    private static SortedDictionary<string, string> Snapshot(string path) =>
        new(Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories)
            .ToDictionary(
                p => Path.GetRelativePath(path, p),
                p => File.Exists(p) ? Convert.ToHexString(File.ReadAllBytes(p)) : "<dir>"),
            StringComparer.Ordinal);
}
