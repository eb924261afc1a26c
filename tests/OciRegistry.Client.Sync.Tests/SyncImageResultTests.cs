using OciRegistry.Client.Copy;
using OciRegistry.Client.Sync.Reports;

namespace OciRegistry.Client.Sync.Tests;

/// <summary>A finished image keeps its names, digests, counts and duration: what a report needs, nothing per blob.</summary>
public sealed class SyncImageResultTests
{
    private static readonly Digest SourceDigest = Digest.Parse("sha256:" + new string('1', 64));
    private static readonly Digest WrittenDigest = Digest.Parse("sha256:" + new string('2', 64));

    [Fact]
    public void A_copied_image_counts_its_blobs_by_what_the_copy_did_with_each()
    {
        var result = SyncImageResult.Copied(
            "docker://source.test/app:v1",
            "docker://mirror.test/app:v1",
            SourceDigest,
            WrittenDigest,
            bytesSent: 4096,
            [BlobCopyStatus.Transferred, BlobCopyStatus.Skipped, BlobCopyStatus.Skipped, BlobCopyStatus.Mounted, BlobCopyStatus.Transferred, BlobCopyStatus.Skipped]);

        Assert.Equal(SyncImageStatus.Copied, result.Status);
        Assert.Equal(("docker://source.test/app:v1", "docker://mirror.test/app:v1"), (result.Source, result.Destination));
        Assert.Equal((SourceDigest, WrittenDigest), (result.SourceDigest, result.DestinationDigest));
        Assert.Equal(4096, result.BytesSent);
        Assert.Equal((2, 3, 1), (result.BlobsSent, result.BlobsSkipped, result.BlobsMounted));
        Assert.Null(result.Error);
    }

    [Fact]
    public void An_image_whose_blobs_were_all_present_sent_nothing()
    {
        var result = SyncImageResult.Copied("a", "b", SourceDigest, SourceDigest, 0, [BlobCopyStatus.Skipped, BlobCopyStatus.Skipped]);

        Assert.Equal((0, 2, 0, 0L), (result.BlobsSent, result.BlobsSkipped, result.BlobsMounted, result.BytesSent));
    }

    [Fact]
    public void Timing_a_result_keeps_every_field_and_sets_the_duration()
    {
        var copied = SyncImageResult.Copied("a", "b", SourceDigest, WrittenDigest, 10, [BlobCopyStatus.Transferred, BlobCopyStatus.Mounted]);
        var failure = new InvalidOperationException("broken");
        var failed = new SyncImageResult { Source = "c", Destination = "d", Status = SyncImageStatus.Failed, SourceDigest = SourceDigest, Error = failure };

        var timedCopy = copied.Timed(TimeSpan.FromMilliseconds(1500));
        var timedFailure = failed.Timed(TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.FromMilliseconds(1500), timedCopy.Duration);
        Assert.Equal(
            (copied.Source, copied.Destination, copied.Status, copied.SourceDigest, copied.DestinationDigest, copied.BytesSent, copied.BlobsSent, copied.BlobsSkipped, copied.BlobsMounted),
            (timedCopy.Source, timedCopy.Destination, timedCopy.Status, timedCopy.SourceDigest, timedCopy.DestinationDigest, timedCopy.BytesSent, timedCopy.BlobsSent, timedCopy.BlobsSkipped, timedCopy.BlobsMounted));
        Assert.Same(failure, timedFailure.Error);
        Assert.Equal((SyncImageStatus.Failed, SourceDigest, (Digest?)null), (timedFailure.Status, timedFailure.SourceDigest, timedFailure.DestinationDigest));
    }

    [Fact]
    public void A_report_entry_carries_the_counts_and_duration_of_the_result()
    {
        var result = SyncImageResult.Copied("docker://source.test/app:v1", "docker://mirror.test/app:v1", SourceDigest, WrittenDigest, 123_456, [BlobCopyStatus.Transferred, BlobCopyStatus.Skipped, BlobCopyStatus.Mounted])
            .Timed(TimeSpan.FromMilliseconds(250));

        var entry = SyncReportEntry.From(result);

        Assert.Equal(
            new SyncReportEntry("docker://source.test/app:v1", "docker://mirror.test/app:v1", "copied", SourceDigest.ToString(), WrittenDigest.ToString(), 123_456, 1, 1, 1, 250, null),
            entry);
    }
}
