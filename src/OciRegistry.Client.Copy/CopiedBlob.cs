using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy;

/// <summary>What happened to one blob of a copy.</summary>
public sealed class CopiedBlob
{
    internal CopiedBlob(Descriptor blob, BlobCopyStatus status, long bytesTransferred, Descriptor? written = null)
    {
        Blob = blob;
        Status = status;
        BytesTransferred = bytesTransferred;
        Written = written ?? blob;
    }

    /// <summary>Gets the blob, as the source's manifest describes it.</summary>
    public Descriptor Blob { get; }

    /// <summary>
    /// Gets the blob as the destination holds it: <see cref="Blob"/> itself, unless its compression was changed
    /// (<see cref="CopyOptions.LayerCompression"/>), when it has a new digest, size and media type.
    /// </summary>
    public Descriptor Written { get; }

    /// <summary>Gets how it reached the destination.</summary>
    public BlobCopyStatus Status { get; }

    /// <summary>Gets the bytes read from the source for it, counting those of attempts that were retried; 0 when skipped or mounted.</summary>
    public long BytesTransferred { get; }
}
