using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy;

/// <summary>What happened to one blob of a copy.</summary>
public sealed class CopiedBlob
{
    internal CopiedBlob(Descriptor blob, BlobCopyStatus status, long bytesTransferred)
    {
        Blob = blob;
        Status = status;
        BytesTransferred = bytesTransferred;
    }

    /// <summary>Gets the blob, as the source's manifest describes it.</summary>
    public Descriptor Blob { get; }

    /// <summary>Gets how it reached the destination.</summary>
    public BlobCopyStatus Status { get; }

    /// <summary>Gets the bytes read from the source for it, counting those of attempts that were retried; 0 when skipped or mounted.</summary>
    public long BytesTransferred { get; }
}
