using OciRegistry.Client.Copy.Tests.Support;
using OciRegistry.Client.Copy.Tests.Transports.Support;
using OciRegistry.Client.Copy.Transports;

namespace OciRegistry.Client.Copy.Tests.Engine;

/// <summary>The copy by <see cref="ImageLocation"/>: any transport on each side, opened and closed by the copier.</summary>
public sealed class LocationCopyTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Copies_between_two_locations_of_different_transports_with_the_digest_kept()
    {
        var image = Transports.Support.TestImage.Single();
        using (var layout = new OciLayout(_scratch.Combine("layout")))
        {
            await EngineCopy.CopyAsync(new MemorySource(image), "", layout, "v1");
        }

        var copier = ImageCopier.Create();
        var toArchive = await copier.CopyAsync(ImageLocation.Parse($"oci:{_scratch.Combine("layout")}:v1"), ImageLocation.Parse($"oci-archive:{_scratch.Combine("image.tar")}:v2"));
        var back = await copier.CopyAsync(ImageLocation.Parse($"oci-archive:{_scratch.Combine("image.tar")}:v2"), ImageLocation.Parse($"dir:{_scratch.Combine("dir")}"));

        Assert.Equal(image.Manifest.Digest, toArchive.Manifest.Digest);
        Assert.Equal(image.Manifest.Digest, back.Manifest.Digest);
        Assert.True(File.Exists(_scratch.Combine("dir/manifest.json")));
    }

    [Fact]
    public async Task A_registry_location_without_the_registry_client_is_refused_with_what_to_register()
    {
        var copier = ImageCopier.Create();

        var error = await Assert.ThrowsAsync<NotSupportedException>(
            () => copier.CopyAsync(ImageLocation.Parse("docker://localhost:5000/app:1"), ImageLocation.Parse($"oci:{_scratch.Combine("layout")}:v1")));

        Assert.Contains("AddOciRegistryClient", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_destination_that_selects_a_source_image_is_refused_before_anything_is_opened()
    {
        var copier = ImageCopier.Create();

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => copier.CopyAsync(ImageLocation.Parse($"oci:{_scratch.Combine("missing")}:v1"), ImageLocation.Parse($"oci:{_scratch.Combine("layout")}:@0")));

        Assert.Equal("destination", error.ParamName);
        Assert.False(Directory.Exists(_scratch.Combine("layout")));
    }

    [Fact]
    public async Task Invalid_options_are_refused_before_a_destination_is_created()
    {
        var copier = ImageCopier.Create();

        await Assert.ThrowsAsync<ArgumentException>(
            () => copier.CopyAsync(ImageLocation.Parse($"oci:{_scratch.Combine("missing")}:v1"), ImageLocation.Parse($"oci:{_scratch.Combine("layout")}:v1"), new CopyOptions { MaxConcurrentBlobs = 0 }));

        Assert.False(Directory.Exists(_scratch.Combine("layout")));
    }
}
