using OciRegistry.Client.Copy;

namespace OciRegistry.Client.Sync;

/// <summary>One step of a sync, reported through <see cref="IProgress{T}"/>; raised on the sync's threads.</summary>
public sealed class SyncProgressEvent
{
    /// <summary>Gets what happened.</summary>
    public required SyncProgressKind Kind { get; init; }

    /// <summary>Gets the source image, in the transport syntax of containers/image.</summary>
    public required string Source { get; init; }

    /// <summary>Gets the destination image, in the transport syntax of containers/image.</summary>
    public required string Destination { get; init; }

    /// <summary>Gets the image's outcome, for the kinds that end an image.</summary>
    public SyncImageResult? Result { get; init; }

    /// <summary>Gets the image's place in the work list, from 1; 0 for a pruned tag.</summary>
    public int Position { get; init; }

    /// <summary>Gets how many images the work list has (after filters and the shard).</summary>
    public int Count { get; init; }

    /// <summary>Gets the copy engine's event, for <see cref="SyncProgressKind.Copy"/>.</summary>
    public CopyProgressEvent? Copy { get; init; }
}

/// <summary>The kinds of <see cref="SyncProgressEvent"/>.</summary>
public enum SyncProgressKind
{
    /// <summary>An image is being looked at (its source resolved, its destination checked).</summary>
    ImageStarted,

    /// <summary>A blob or manifest step of an image's copy; <see cref="SyncProgressEvent.Copy"/> has it.</summary>
    Copy,

    /// <summary>An image was copied.</summary>
    ImageCopied,

    /// <summary>An image was already at the destination.</summary>
    ImageSkipped,

    /// <summary>A dry run would copy an image.</summary>
    ImageWouldCopy,

    /// <summary>An image failed.</summary>
    ImageFailed,

    /// <summary>A destination tag was deleted, or a dry run would delete it, or its deletion failed: <see cref="SyncProgressEvent.Result"/> says which.</summary>
    TagPruned,

    /// <summary>An image was not started because the source's pull budget ran low.</summary>
    ImageDeferred,
}
