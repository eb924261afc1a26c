using OciRegistry.Client.Copy.Engine;
using OciRegistry.Client.Copy.Tests.Support;

namespace OciRegistry.Client.Copy.Tests.Engine;

public sealed class ProgressTests
{
    private readonly ImageCopier _copier = Copiers.Create();

    [Fact]
    public async Task Each_blob_reports_started_then_bytes_then_done_and_each_manifest_its_push()
    {
        var source = new InMemoryImageStore();
        var layer = TestImage.AddLayer(source, 3 * 1024 * 1024, 1);
        var image = TestImage.AddImage(source, [layer], tag: "v1");
        var progress = new RecordingProgress();

        await _copier.CopyAsync(source, "v1", new InMemoryImageStore(), "v1", Copiers.Options(), progress);

        var events = progress.Events.Where(e => e.Content.Digest == layer.Digest).ToList();
        Assert.Equal(CopyProgressKind.BlobStarted, events[0].Kind);
        Assert.Equal(CopyProgressKind.BlobDone, events[^1].Kind);
        Assert.Equal(layer.Size, events[^1].Bytes);
        var bytes = events.Where(e => e.Kind == CopyProgressKind.BlobBytes).Select(e => e.Bytes).ToList();
        Assert.NotEmpty(bytes);
        Assert.Equal(bytes.Order(), bytes);
        Assert.All(bytes, b => Assert.InRange(b, 1, layer.Size));
        var pushed = Assert.Single(progress.Events, e => e.Kind == CopyProgressKind.ManifestPushed);
        Assert.Equal(image.Digest, pushed.Content.Digest);
        Assert.Same(pushed, progress.Events[^1]);
    }

    [Fact]
    public async Task Every_event_carries_the_image_totals_which_end_at_every_blob_and_byte()
    {
        var source = new InMemoryImageStore();
        var layers = Enumerable.Range(0, 3).Select(i => TestImage.AddLayer(source, (i + 1) * 1024 * 1024, i)).ToArray();
        var image = TestImage.AddImage(source, layers, tag: "v1");
        var destination = new InMemoryImageStore();
        foreach (var present in image.References.Where(r => r.Digest != layers[2].Digest))
        {
            destination.AddBlob(source.GetBlob(present.Digest), present.MediaType);
        }

        var progress = new RecordingProgress();

        var result = await _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options(o => o.MaxConcurrentBlobs = 1), progress);

        var blobs = image.References.Count;
        var bytes = image.References.Sum(r => r.Size);
        Assert.All(progress.Events, e => Assert.Equal((blobs, bytes), (e.ImageBlobsTotal, e.ImageBytesTotal)));
        Assert.Equal(progress.Events.Select(e => e.ImageBytesDone).Order(), progress.Events.Select(e => e.ImageBytesDone));
        Assert.Equal(progress.Events.Select(e => e.ImageBlobsDone).Order(), progress.Events.Select(e => e.ImageBlobsDone));
        var last = progress.Events[^1];
        Assert.Equal((blobs, bytes), (last.ImageBlobsDone, last.ImageBytesDone));
        Assert.Contains(progress.Events, e => e.Kind == CopyProgressKind.BlobBytes && e.ImageBytesDone > 0 && e.ImageBytesDone < bytes);
        Assert.Single(result.Blobs, b => b.Status == BlobCopyStatus.Transferred);
    }

    [Fact]
    public async Task Byte_events_are_throttled_however_small_the_source_reads()
    {
        const int size = 8 * 1024 * 1024;
        var source = new InMemoryImageStore
        {
            FetchFault = (_, _, _, stream) => new FaultyStream(stream) { MaxRead = 4096 },
        };
        var layer = TestImage.AddLayer(source, size, 2);
        TestImage.AddImage(source, [layer], tag: "v1");
        var progress = new RecordingProgress();

        await _copier.CopyAsync(source, "v1", new InMemoryImageStore(), "v1", Copiers.Options(), progress);

        var count = progress.Events.Count(e => e.Kind == CopyProgressKind.BlobBytes && e.Content.Digest == layer.Digest);

        // 2048 reads of 4 KiB; an event needs at least 64 KiB more, and comes at the latest every MiB.
        Assert.InRange(count, size / BlobProgress.ByteStep, size / BlobProgress.MinimumStep);
    }

    [Fact]
    public async Task Skipped_blobs_report_skipped_and_no_bytes()
    {
        var source = new InMemoryImageStore();
        var layer = TestImage.AddLayer(source, 4096, 3);
        TestImage.AddImage(source, [layer], tag: "v1");
        var destination = new InMemoryImageStore();
        destination.AddBlob(source.GetBlob(layer.Digest));
        var progress = new RecordingProgress();

        await _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options(), progress);

        Assert.Equal(
            [CopyProgressKind.BlobStarted, CopyProgressKind.BlobSkipped],
            progress.Events.Where(e => e.Content.Digest == layer.Digest).Select(e => e.Kind));
    }
}
