using OciRegistry.Client.Copy.Tests.Transports.Support;
using OciRegistry.Client.Copy.Transports;

namespace OciRegistry.Client.Copy.Tests.Transports;

/// <summary>
/// A FIFO where an image file is expected is refused at once with an error naming it; opening one for reading would
/// block until some writer appeared, out of reach of any cancellation.
/// </summary>
public sealed class NonRegularFileTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task An_oci_layout_whose_index_json_is_a_fifo_is_refused()
    {
        var path = await LayoutAsync();
        SpecialFiles.ReplaceWithFifo(Path.Combine(path, "index.json"));
        using var layout = new OciLayout(path);

        var error = await SpecialFiles.ThrowsPromptlyAsync<InvalidImageLayoutException>(() => layout.ResolveAsync("v1"));

        Assert.Contains($"\"{Path.Combine(path, "index.json")}\" is a FIFO (named pipe), not a regular file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_index_json_that_links_to_a_fifo_is_refused()
    {
        var path = await LayoutAsync();
        var index = Path.Combine(path, "index.json");
        File.Move(index, Path.Combine(path, "real-index.json"));
        SpecialFiles.ReplaceWithFifo(Path.Combine(path, "pipe"));
        File.CreateSymbolicLink(index, "pipe");
        using var layout = new OciLayout(path);

        var error = await SpecialFiles.ThrowsPromptlyAsync<InvalidImageLayoutException>(() => layout.ResolveAsync("v1"));

        Assert.Contains($"\"{index}\" is a FIFO (named pipe) (through a symbolic link)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_layer_blob_that_is_a_fifo_fails_the_copy_naming_the_file()
    {
        var image = TestImage.Single();
        var path = await LayoutAsync(image);
        var layer = image.Manifest.Image!.Layers[0].Digest;
        var blob = Path.Combine(path, "blobs", layer.Algorithm, layer.Encoded);
        SpecialFiles.ReplaceWithFifo(blob);
        using var layout = new OciLayout(path);
        using var destination = new OciLayout(_scratch.Combine("copy"));

        var error = await SpecialFiles.ThrowsPromptlyAsync<InvalidImageLayoutException>(() => EngineCopy.CopyAsync(layout, "v1", destination, "v1"));

        Assert.Contains($"\"{blob}\" is a FIFO (named pipe)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_blob_that_is_a_fifo_is_refused()
    {
        var image = TestImage.Single();
        var path = await LayoutAsync(image);
        var digest = image.Manifest.Digest;
        SpecialFiles.ReplaceWithFifo(Path.Combine(path, "blobs", digest.Algorithm, digest.Encoded));
        using var layout = new OciLayout(path);

        var error = await SpecialFiles.ThrowsPromptlyAsync<InvalidImageLayoutException>(() => layout.FetchManifestAsync("v1"));

        Assert.Contains(digest.Encoded + "\" is a FIFO", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_destination_layout_whose_oci_layout_file_is_a_fifo_is_refused()
    {
        var path = await LayoutAsync();
        SpecialFiles.ReplaceWithFifo(Path.Combine(path, "oci-layout"));
        using var layout = new OciLayout(path);

        var error = await SpecialFiles.ThrowsPromptlyAsync<InvalidImageLayoutException>(
            () => EngineCopy.CopyAsync(new MemorySource(TestImage.Single(text: "another")), "", layout, "v2"));

        Assert.Contains($"\"{Path.Combine(path, "oci-layout")}\" is a FIFO", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dir_image_whose_manifest_json_is_a_fifo_is_refused()
    {
        var path = _scratch.Combine("dir");
        using (var directory = new ImageDirectory(path))
        {
            await EngineCopy.CopyAsync(new MemorySource(TestImage.Single()), "", directory, null);
        }

        SpecialFiles.ReplaceWithFifo(Path.Combine(path, "manifest.json"));
        using var reader = new ImageDirectory(path);

        var error = await SpecialFiles.ThrowsPromptlyAsync<InvalidImageLayoutException>(() => reader.FetchManifestAsync(""));

        Assert.Contains($"\"{Path.Combine(path, "manifest.json")}\" is a FIFO", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dir_destination_whose_version_file_is_a_fifo_is_refused()
    {
        var path = _scratch.Combine("dir");
        Directory.CreateDirectory(path);
        SpecialFiles.ReplaceWithFifo(Path.Combine(path, "version"));
        using var directory = new ImageDirectory(path);

        var error = await SpecialFiles.ThrowsPromptlyAsync<InvalidImageLayoutException>(
            () => EngineCopy.CopyAsync(new MemorySource(TestImage.Single()), "", directory, null));

        Assert.Contains($"\"{Path.Combine(path, "version")}\" is a FIFO", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("oci-archive")]
    [InlineData("docker-archive")]
    public async Task An_archive_that_is_a_fifo_is_refused(string transport)
    {
        var path = _scratch.Combine("archive.tar");
        SpecialFiles.ReplaceWithFifo(path);

        var error = await SpecialFiles.ThrowsPromptlyAsync<InvalidImageLayoutException>(
            async () => await (await new FileImageOpener().OpenSourceAsync(ImageLocation.Parse($"{transport}:{path}"))).DisposeAsync());

        Assert.Contains($"\"{path}\" is a FIFO (named pipe), not a regular file", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _scratch.Dispose();

    private async Task<string> LayoutAsync(TestImage? image = null)
    {
        var path = _scratch.Combine("layout");
        using var layout = new OciLayout(path);
        await EngineCopy.CopyAsync(new MemorySource(image ?? TestImage.Single()), "", layout, "v1");
        return path;
    }
}
