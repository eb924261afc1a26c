using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using OciRegistry.Client.Copy.Tests.Transports.Support;
using OciRegistry.Client.Copy.Transports;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Tests.Transports;

public sealed class FileImageOpenerTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();
    private readonly FileImageOpener _opener = new();

    [Theory]
    [InlineData(ImageTransport.Registry, false)]
    [InlineData(ImageTransport.OciLayout, true)]
    [InlineData(ImageTransport.OciArchive, true)]
    [InlineData(ImageTransport.DockerArchive, true)]
    [InlineData(ImageTransport.Directory, true)]
    public void Opens_the_on_disk_transports_only(ImageTransport transport, bool opens) =>
        Assert.Equal(opens, _opener.CanOpen(transport));

    [Theory]
    [InlineData("oci", typeof(OciLayout))]
    [InlineData("oci-archive", typeof(OciArchiveDestination))]
    [InlineData("docker-archive", typeof(DockerArchiveDestination))]
    [InlineData("dir", typeof(ImageDirectory))]
    public async Task Opens_a_destination_of_each_transport_with_the_tag_written(string transport, Type type)
    {
        var location = ImageLocation.Parse($"{transport}:{_scratch.Combine("out")}{(transport == "dir" ? string.Empty : ":app")}");

        await using var handle = await _opener.OpenDestinationAsync(location);

        Assert.IsType(type, handle.Destination);
        Assert.Same(location, handle.Location);
        Assert.Equal(location.DestinationTag, handle.Tag);
    }

    [Fact]
    public async Task Reads_back_through_a_source_handle_what_a_destination_handle_wrote_to_an_archive()
    {
        var image = TestImage.Single();
        var location = ImageLocation.Parse($"oci-archive:{_scratch.Combine("image.tar")}:v1");
        await using (var destination = await _opener.OpenDestinationAsync(location))
        {
            await EngineCopy.CopyAsync(new MemorySource(image), string.Empty, destination.Destination, destination.Tag);
        }

        await using var source = await _opener.OpenSourceAsync(location);

        Assert.IsType<OciArchiveSource>(source.Source);
        Assert.Equal(image.Manifest.Digest, (await source.Source.ResolveAsync(source.Reference)).Digest);
        Assert.Equal(["v1"], await source.Tags!.ListTagsAsync().ToListAsync());
    }

    [Fact]
    public async Task A_layout_lists_its_tags_and_a_directory_has_none()
    {
        await using var layout = await _opener.OpenSourceAsync(ImageLocation.Parse($"oci:{_scratch.Combine("layout")}"));
        await using var directory = await _opener.OpenSourceAsync(ImageLocation.Parse($"dir:{_scratch.Combine("dir")}"));

        Assert.IsType<OciLayout>(layout.Source);
        Assert.Same(layout.Source, layout.Tags);
        Assert.IsType<ImageDirectory>(directory.Source);
        Assert.Null(directory.Tags);
    }

    [Fact]
    public async Task Disposing_an_archive_destination_deletes_its_staging_files()
    {
        var archive = _scratch.Combine("staged.tar");
        var handle = await _opener.OpenDestinationAsync(ImageLocation.Parse($"oci-archive:{archive}:v1"));
        var bytes = RandomNumberGenerator.GetBytes(256);
        var blob = new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Compute(bytes), Size = bytes.Length };
        await handle.Destination.PushBlobAsync(blob, PipeReader.Create(new ReadOnlySequence<byte>(bytes)));
        var staged = FindStaged(blob.Digest, Path.GetDirectoryName(archive)!);
        Assert.NotNull(staged);

        await handle.DisposeAsync();

        Assert.False(File.Exists(staged));
        Assert.False(File.Exists(archive));
    }

    [Theory]
    [InlineData("oci-archive")]
    [InlineData("docker-archive")]
    public async Task A_missing_archive_is_not_found_naming_its_path(string transport)
    {
        var path = _scratch.Combine("missing.tar");

        var error = await Assert.ThrowsAsync<NotFoundException>(() => _opener.OpenSourceAsync(ImageLocation.Parse($"{transport}:{path}")));

        Assert.Equal($"{path} does not exist", error.Message);
        Assert.IsAssignableFrom<IOException>(error.InnerException);
    }

    [Fact]
    public async Task A_source_index_is_not_a_destination()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _opener.OpenDestinationAsync(ImageLocation.Parse($"oci:{_scratch.Combine("l")}:@0")));

        Assert.Contains("@0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registry_location_is_refused()
    {
        var registry = ImageLocation.Parse("docker://localhost:5000/a/b:v1");

        await Assert.ThrowsAsync<ArgumentException>(() => _opener.OpenSourceAsync(registry));
        await Assert.ThrowsAsync<ArgumentException>(() => _opener.OpenDestinationAsync(registry));
    }

    public void Dispose() => _scratch.Dispose();

    // Where the archive destination stages a blob is its own business (a temporary directory); it is found by the
    // blob's unique digest, in the system's temporary directory or beside the archive.
    private static string? FindStaged(Digest digest, string besideArchive)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MaxRecursionDepth = 4 };
        return new[] { Path.GetTempPath(), besideArchive }
            .SelectMany(root => Directory.EnumerateFiles(root, digest.Encoded, options))
            .FirstOrDefault();
    }
}
