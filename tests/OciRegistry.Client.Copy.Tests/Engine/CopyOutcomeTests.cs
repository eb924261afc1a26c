using OciRegistry.Client.Copy.Tests.Support;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Tests.Engine;

public sealed class CopyOutcomeTests
{
    private readonly ImageCopier _copier = Copiers.Create();

    [Fact]
    public async Task A_failed_copy_reports_every_blob_with_the_failed_one_and_its_error_and_pushes_no_manifest()
    {
        var source = new InMemoryImageStore();
        var present = TestImage.AddLayer(source, 3000, 1);
        var good = TestImage.AddLayer(source, 4000, 2);
        var bad = Descriptor.FromContent(MediaTypes.OciLayerGzip, TestImage.RandomBytes(4000, 3));
        source.AddCorruptBlob(bad, TestImage.RandomBytes(4000, 4));
        TestImage.AddImage(source, [present, good, bad], tag: "v1");
        var destination = new InMemoryImageStore();
        destination.AddBlob(source.GetBlob(present.Digest), present.MediaType);

        var outcome = await _copier.TryCopyAsync(source, "v1", destination, "v1", Copiers.Options(o => o.MaxConcurrentBlobs = 1));

        Assert.False(outcome.Succeeded);
        Assert.Null(outcome.Result);
        var mismatch = Assert.IsType<DigestMismatchException>(outcome.Error);
        Assert.Equal(bad.Digest, mismatch.Expected);
        var failed = Assert.Single(outcome.Blobs, b => b.Blob.Digest == bad.Digest);
        Assert.Equal(BlobCopyStatus.Failed, failed.Status);
        Assert.Same(outcome.Error, failed.Error);
        Assert.Equal(BlobCopyStatus.Skipped, Assert.Single(outcome.Blobs, b => b.Blob.Digest == present.Digest).Status);
        Assert.All(outcome.Blobs.Where(b => b.Status != BlobCopyStatus.Failed), b => Assert.Null(b.Error));
        Assert.Equal(4, outcome.Blobs.Count);
        Assert.Empty(destination.ManifestDigests);
    }

    [Fact]
    public async Task A_successful_copy_reports_the_result_and_its_blobs()
    {
        var source = new InMemoryImageStore();
        TestImage.AddImage(source, [TestImage.AddLayer(source, 2000, 5)], tag: "v1");
        var destination = new InMemoryImageStore();

        var outcome = await _copier.TryCopyAsync(source, "v1", destination, "v1", Copiers.Options());

        Assert.True(outcome.Succeeded);
        Assert.Null(outcome.Error);
        Assert.NotNull(outcome.Result);
        Assert.Same(outcome.Result.Blobs, outcome.Blobs);
        Assert.All(outcome.Blobs, b => Assert.Equal(BlobCopyStatus.Transferred, b.Status));
        Assert.Equal(outcome.Result.Manifest.Digest, destination.GetManifest("v1").Digest);
    }

    [Fact]
    public async Task A_copy_that_fails_before_planning_reports_the_error_and_no_blobs()
    {
        var outcome = await _copier.TryCopyAsync(new InMemoryImageStore(), "missing", new InMemoryImageStore(), "v1", Copiers.Options());

        Assert.IsType<ManifestNotFoundException>(outcome.Error);
        Assert.Empty(outcome.Blobs);
    }

    [Fact]
    public async Task Invalid_options_are_thrown_not_reported()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => _copier.TryCopyAsync(
            new InMemoryImageStore(), "v1", new InMemoryImageStore(), "v1", Copiers.Options(o => o.MaxConcurrentBlobs = 0)));
    }
}
