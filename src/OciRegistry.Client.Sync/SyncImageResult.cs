using OciRegistry.Client.Copy;

namespace OciRegistry.Client.Sync;

/// <summary>
/// What happened to one image of a sync: its names, digests, status, counts and duration, the few fields a report
/// needs, so that what a sync keeps per finished image stays small and the same for any image.
/// </summary>
public sealed class SyncImageResult
{
    /// <summary>
    /// Gets the source image in the transport syntax of containers/image, for example
    /// <c>docker://registry.example/app:1.0</c> or <c>dir:/mirror/app:1.0</c>.
    /// </summary>
    public required string Source { get; init; }

    /// <summary>Gets the destination image, for example <c>docker://mirror.example/app:1.0</c>.</summary>
    public required string Destination { get; init; }

    /// <summary>Gets what happened.</summary>
    public required SyncImageStatus Status { get; init; }

    /// <summary>Gets the digest the source resolved to, when it was read.</summary>
    public Digest? SourceDigest { get; init; }

    /// <summary>Gets the digest of the manifest at the destination after the sync (copied or already there).</summary>
    public Digest? DestinationDigest { get; init; }

    /// <summary>Gets the failure of a <see cref="SyncImageStatus.Failed"/> image.</summary>
    public Exception? Error { get; init; }

    /// <summary>Gets how long the image took, from its look-up to its end.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Gets the bytes of blobs read from the source and sent to the destination.</summary>
    public long BytesSent { get; init; }

    /// <summary>Gets how many blobs were sent.</summary>
    public int BlobsSent { get; init; }

    /// <summary>Gets how many blobs the destination already had.</summary>
    public int BlobsSkipped { get; init; }

    /// <summary>Gets how many blobs the destination mounted from another repository.</summary>
    public int BlobsMounted { get; init; }

    /// <summary>
    /// The outcome of a copied image: what the copy engine's result says about it, reduced to the counts a report
    /// needs, so that a sync of many thousands of images keeps a few fields per image rather than every blob's
    /// descriptor.
    /// </summary>
    internal static SyncImageResult Copied(string source, string destination, CopyResult copy) =>
        Copied(source, destination, copy.SourceDigest, copy.Manifest.Digest, copy.BytesTransferred, copy.Blobs.Select(b => b.Status));

    /// <summary>A copied image from its digests, the bytes sent and the status of each of its distinct blobs.</summary>
    internal static SyncImageResult Copied(string source, string destination, Digest sourceDigest, Digest written, long bytesSent, IEnumerable<BlobCopyStatus> blobs)
    {
        int sent = 0, skipped = 0, mounted = 0;
        foreach (var status in blobs)
        {
            switch (status)
            {
                case BlobCopyStatus.Transferred: sent++; break;
                case BlobCopyStatus.Skipped: skipped++; break;
                case BlobCopyStatus.Mounted: mounted++; break;
            }
        }

        return new SyncImageResult
        {
            Source = source,
            Destination = destination,
            Status = SyncImageStatus.Copied,
            SourceDigest = sourceDigest,
            DestinationDigest = written,
            BytesSent = bytesSent,
            BlobsSent = sent,
            BlobsSkipped = skipped,
            BlobsMounted = mounted,
        };
    }

    /// <summary>The same outcome with its duration.</summary>
    internal SyncImageResult Timed(TimeSpan duration) => new()
    {
        Source = Source,
        Destination = Destination,
        Status = Status,
        SourceDigest = SourceDigest,
        DestinationDigest = DestinationDigest,
        BytesSent = BytesSent,
        BlobsSent = BlobsSent,
        BlobsSkipped = BlobsSkipped,
        BlobsMounted = BlobsMounted,
        Error = Error,
        Duration = duration,
    };
}
