using OciRegistry.Client.Copy.Tests.Support;
using OciRegistry.Client.Copy.Tests.Transports.Support;
using OciRegistry.Client.Copy.Transports;
using OciRegistry.Client.Models;
using OciRegistry.Client.TestSupport.Tools;
using TestImage = OciRegistry.Client.Copy.Tests.Support.TestImage;

namespace OciRegistry.Client.Copy.Tests.Transports;

// An OCI layout holds OCI manifests (skopeo 1.9 does not read Docker ones there): a Docker image copied into one is
// converted, as skopeo converts it, unless digests are to be preserved.
public sealed class DockerIntoOciLayoutTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();
    private readonly Skopeo _skopeo = Skopeo.Locate();
    private readonly ImageCopier _copier = Copiers.Create();

    private static (InMemoryImageStore Source, Manifest Image) DockerImage()
    {
        var source = new InMemoryImageStore();
        var layer = TestImage.AddLayer(source, 3000, 1, docker: true);
        var image = TestImage.AddImage(source, [layer], docker: true, tag: "v1");
        return (source, image);
    }

    [Theory]
    [InlineData("oci")]
    [InlineData("oci-archive")]
    public async Task A_docker_image_is_converted_to_oci_and_skopeo_reads_it(string transport)
    {
        var (source, image) = DockerImage();
        var reference = transport == "oci" ? $"oci:{_scratch.Combine("layout")}:v1" : $"oci-archive:{_scratch.Combine("layout.tar")}:v1";
        CopyResult result;
        await using (var destination = await new FileImageOpener().OpenDestinationAsync(ImageLocation.Parse(reference)))
        {
            result = await _copier.CopyAsync(source, "v1", destination.Destination, destination.Tag, Copiers.Options());
        }

        Assert.True(result.DigestChanged);
        Assert.Equal(image.Digest, result.SourceDigest);
        Assert.Equal(MediaTypes.OciManifest, result.Manifest.MediaType);
        var raw = Manifest.Parse((await _skopeo.InspectRawAsync(reference)).ToArray());
        Assert.Equal(result.Manifest.Digest, raw.Digest);
        Assert.Equal(MediaTypes.OciConfig, raw.Image!.Config.MediaType);
        Assert.Equal(MediaTypes.OciLayerGzip, Assert.Single(raw.Image.Layers).MediaType);
    }

    [Fact]
    public async Task With_digests_to_preserve_it_is_refused_before_anything_is_written()
    {
        var (source, image) = DockerImage();
        var path = _scratch.Combine("layout");
        using var layout = new OciLayout(path);

        var error = await Assert.ThrowsAsync<ImageCopyException>(() =>
            _copier.CopyAsync(source, "v1", layout, "v1", Copiers.Options(o => o.PreserveDigests = true)));

        Assert.Contains("OCI layout", error.Message, StringComparison.Ordinal);
        Assert.Contains(image.Digest.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("preserve", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(path, "blobs")));
    }

    [Fact]
    public async Task An_oci_image_is_written_as_it_is_even_with_digests_to_preserve()
    {
        var source = new InMemoryImageStore();
        var image = TestImage.AddImage(source, [TestImage.AddLayer(source, 3000, 1)], tag: "v1");
        using var layout = new OciLayout(_scratch.Combine("layout"));

        var result = await _copier.CopyAsync(source, "v1", layout, "v1", Copiers.Options(o => o.PreserveDigests = true));

        Assert.False(result.DigestChanged);
        Assert.Equal(image.Digest, (await layout.ResolveAsync("v1")).Digest);
    }

    public void Dispose() => _scratch.Dispose();
}
