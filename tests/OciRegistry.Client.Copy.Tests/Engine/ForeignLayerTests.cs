using OciRegistry.Client.Copy.Tests.Support;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Tests.Engine;

// skopeo's default for layers that must not be redistributed: not copied, the descriptor stays in the manifest.
public sealed class ForeignLayerTests
{
    private readonly ImageCopier _copier = Copiers.Create();

    [Theory]
    [InlineData(MediaTypes.DockerForeignLayerGzip, true)]
    [InlineData(MediaTypes.OciLayerNonDistributableGzip, false)]
    [InlineData(MediaTypes.OciLayerNonDistributable, false)]
    public async Task A_non_distributable_layer_with_urls_is_skipped_and_kept_in_the_manifest(string mediaType, bool docker)
    {
        var source = new InMemoryImageStore();
        var ordinary = TestImage.AddLayer(source, 3000, 1, docker);
        var foreign = TestImage.AddLayer(source, 4000, 2) with
        {
            MediaType = mediaType,
            Urls = ["https://example.invalid/layer.tar.gz"],
        };
        var image = TestImage.AddImage(source, [foreign, ordinary], docker: docker, tag: "v1");
        var destination = new InMemoryImageStore();
        var progress = new RecordingProgress();

        var result = await _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options(), progress);

        Assert.Equal(image.Digest, result.Manifest.Digest);
        Assert.Equal(image.Content.ToArray(), destination.GetManifest("v1").Content.ToArray());
        var skipped = Assert.Single(result.Blobs, b => b.Blob.Digest == foreign.Digest);
        Assert.Equal(BlobCopyStatus.Skipped, skipped.Status);
        Assert.Equal(0, skipped.BytesTransferred);
        Assert.DoesNotContain(destination.Operations, o => o.Subject == foreign.Digest.ToString());
        Assert.DoesNotContain(source.Operations, o => o.Subject == foreign.Digest.ToString());
        Assert.Equal(BlobCopyStatus.Transferred, Assert.Single(result.Blobs, b => b.Blob.Digest == ordinary.Digest).Status);
        Assert.Contains(progress.Events, e => e.Kind == CopyProgressKind.BlobSkipped && e.Content.Digest == foreign.Digest);
    }

    [Fact]
    public async Task A_non_distributable_layer_without_urls_is_copied_as_there_is_nowhere_else_to_fetch_it()
    {
        var source = new InMemoryImageStore();
        var layer = TestImage.AddLayer(source, 4000, 2) with { MediaType = MediaTypes.OciLayerNonDistributableGzip };
        TestImage.AddImage(source, [layer], tag: "v1");
        var destination = new InMemoryImageStore();

        var result = await _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options());

        Assert.Equal(BlobCopyStatus.Transferred, Assert.Single(result.Blobs, b => b.Blob.Digest == layer.Digest).Status);
        Assert.Equal(source.GetBlob(layer.Digest), destination.GetBlob(layer.Digest));
    }
}
