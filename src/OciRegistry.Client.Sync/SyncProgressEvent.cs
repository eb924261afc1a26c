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
}
