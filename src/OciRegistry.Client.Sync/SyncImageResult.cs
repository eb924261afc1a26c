using OciRegistry.Client.Copy;

namespace OciRegistry.Client.Sync;

/// <summary>What happened to one image of a sync.</summary>
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

    /// <summary>Gets the copy's details (blobs transferred, skipped, mounted) for a <see cref="SyncImageStatus.Copied"/> image.</summary>
    public CopyResult? Copy { get; init; }

    /// <summary>Gets the failure of a <see cref="SyncImageStatus.Failed"/> image.</summary>
    public Exception? Error { get; init; }

    /// <summary>Gets how long the image took, from its look-up to its end.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Gets the bytes of blobs read from the source and sent to the destination.</summary>
    public long BytesSent => Copy?.BytesTransferred ?? 0;

    /// <summary>Gets how many blobs were sent.</summary>
    public int BlobsSent => Count(BlobCopyStatus.Transferred);

    /// <summary>Gets how many blobs the destination already had.</summary>
    public int BlobsSkipped => Count(BlobCopyStatus.Skipped);

    /// <summary>Gets how many blobs the destination mounted from another repository.</summary>
    public int BlobsMounted => Count(BlobCopyStatus.Mounted);

    private int Count(BlobCopyStatus status) => Copy?.Blobs.Count(b => b.Status == status) ?? 0;
}
