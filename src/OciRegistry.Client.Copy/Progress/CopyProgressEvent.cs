using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy;

/// <summary>
/// One step of a copy, reported through <see cref="IProgress{T}"/>: a blob started, skipped, mounted, transferring,
/// done or failed, or a manifest pushed. Byte counts are throttled (about every MiB, or every 100 ms with at least
/// 64 KiB new), so a large blob raises a bounded number of events.
/// </summary>
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
}
