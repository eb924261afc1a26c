using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy;

/// <summary>What happened to one blob of a copy.</summary>
/// <param name="Blob">The blob, as the source's manifest describes it.</param>
/// <param name="Status">How it reached the destination.</param>
/// <param name="BytesTransferred">The bytes read from the source for it, counting those of attempts that were retried; 0 when skipped or mounted.</param>
public sealed record CopiedBlob(Descriptor Blob, BlobCopyStatus Status, long BytesTransferred)
{
    /// <summary>Gets why the blob did not reach the destination, when <see cref="Status"/> is <see cref="BlobCopyStatus.Failed"/>.</summary>
    public Exception? Error { get; init; }
}
