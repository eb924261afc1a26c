using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy;

/// <summary>
/// One step of a copy, reported through <see cref="IProgress{T}"/>: a blob started, skipped, mounted, transferring,
/// done or failed, or a manifest pushed, with the image's totals so far (<see cref="ImageBytesDone"/> of
/// <see cref="ImageBytesTotal"/>, <see cref="ImageBlobsDone"/> of <see cref="ImageBlobsTotal"/>). Byte counts are
/// throttled (about every MiB, or every 100 ms with at least 64 KiB new), so a large blob raises a bounded number of
/// events.
/// </summary>
/// <remarks>
/// Events come from the copy's concurrent transfers. <see cref="Progress{T}"/> posts each one to the
/// synchronization context it was created on (or the thread pool), so handlers may run out of order and after the
/// copy has returned; read the final figures from the <see cref="CopyResult"/>, or pass an <see cref="IProgress{T}"/>
/// of your own, which is called synchronously.
/// </remarks>
public sealed class CopyProgressEvent
{
    /// <summary>Gets what happened.</summary>
    public required CopyProgressKind Kind { get; init; }

    /// <summary>Gets the blob or manifest the event is about.</summary>
    public required Descriptor Content { get; init; }

    /// <summary>
    /// Gets the bytes of <see cref="Content"/> read so far (<see cref="CopyProgressKind.BlobBytes"/>), transferred in
    /// all (<see cref="CopyProgressKind.BlobDone"/>), or 0 for the other kinds.
    /// </summary>
    public long Bytes { get; init; }

    /// <summary>Gets the error of a <see cref="CopyProgressKind.BlobFailed"/> event.</summary>
    public Exception? Error { get; init; }

    /// <summary>Gets how many of the image's distinct blobs are done (skipped, mounted or transferred) when the event is raised.</summary>
    public int ImageBlobsDone { get; init; }

    /// <summary>Gets how many distinct blobs the copy handles, across every instance of an index.</summary>
    public int ImageBlobsTotal { get; init; }

    /// <summary>
    /// Gets the bytes of the image's blobs done or read so far: a blob skipped or mounted counts in full, one being
    /// transferred by what was read of it.
    /// </summary>
    public long ImageBytesDone { get; init; }

    /// <summary>Gets the size of every distinct blob the copy handles.</summary>
    public long ImageBytesTotal { get; init; }
}
