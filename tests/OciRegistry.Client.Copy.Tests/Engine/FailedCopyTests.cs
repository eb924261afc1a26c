using OciRegistry.Client.Copy.Tests.Support;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Tests.Engine;

public sealed class FailedCopyTests
{
    private readonly ImageCopier _copier = Copiers.Create();

    [Fact]
    public async Task A_failed_copy_throws_the_first_failure_reports_every_finished_blob_and_pushes_no_manifest()
    {
        var source = new InMemoryImageStore();
        var present = TestImage.AddLayer(source, 3000, 1);
        var good = TestImage.AddLayer(source, 4000, 2);
        var bad = Descriptor.FromContent(MediaTypes.OciLayerGzip, TestImage.RandomBytes(4000, 3));
        source.AddCorruptBlob(bad, TestImage.RandomBytes(4000, 4));
        TestImage.AddImage(source, [present, good, bad], tag: "v1");
        var destination = new InMemoryImageStore();
        destination.AddBlob(source.GetBlob(present.Digest), present.MediaType);
        var progress = new RecordingProgress();

        var mismatch = await Assert.ThrowsAsync<DigestMismatchException>(() =>
            _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options(o => o.MaxConcurrentBlobs = 1), progress));

        Assert.Equal(bad.Digest, mismatch.Expected);
        var events = progress.Events;
        var failed = Assert.Single(events, e => e.Kind == CopyProgressKind.BlobFailed);
        Assert.Equal(bad.Digest, failed.Content.Digest);
        Assert.Same(mismatch, failed.Error);
        Assert.Contains(events, e => e.Kind == CopyProgressKind.BlobSkipped && e.Content.Digest == present.Digest);
        Assert.Contains(events, e => e.Kind == CopyProgressKind.BlobDone && e.Content.Digest == good.Digest);
        Assert.DoesNotContain(events, e => e.Kind == CopyProgressKind.ManifestPushed);
        Assert.Empty(destination.ManifestDigests);
        Assert.False(destination.HasBlob(bad.Digest));
    }

    [Fact]
    public async Task A_successful_copy_returns_every_distinct_blob_with_how_it_arrived()
    {
        var source = new InMemoryImageStore();
        var layer = TestImage.AddLayer(source, 2000, 5);
        TestImage.AddImage(source, [layer, layer], tag: "v1");
        var destination = new InMemoryImageStore();

        var result = await _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options());

        Assert.Equal(2, result.Blobs.Count);
        Assert.All(result.Blobs, b => Assert.Equal(BlobCopyStatus.Transferred, b.Status));
        Assert.Equal(result.Manifest.Digest, destination.GetManifest("v1").Digest);
    }

    [Fact]
    public async Task An_unknown_source_reference_throws_before_any_blob_is_touched()
    {
        var destination = new InMemoryImageStore();

        await Assert.ThrowsAsync<ManifestNotFoundException>(() =>
            _copier.CopyAsync(new InMemoryImageStore(), "missing", destination, "v1", Copiers.Options()));

        Assert.Empty(destination.Operations);
    }

    [Fact]
    public async Task Invalid_options_are_refused_before_the_source_is_read()
    {
        var source = new InMemoryImageStore();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => _copier.CopyAsync(
            source, "v1", new InMemoryImageStore(), "v1", Copiers.Options(o => o.MaxConcurrentBlobs = 0)));

        Assert.Empty(source.Operations);
    }
}
