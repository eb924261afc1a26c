namespace OciRegistry.Client.Sync;

/// <summary>What a sync did with one image.</summary>
public enum SyncImageStatus
{
    /// <summary>Copied (blobs already present were skipped or mounted, not sent again).</summary>
    Copied,

    /// <summary>The destination already had the source's manifest; nothing was read or written beyond two HEADs.</summary>
    SkippedUnchanged,

    /// <summary>Would have been copied; a dry run writes nothing.</summary>
    WouldCopy,

    /// <summary>Failed; <see cref="SyncImageResult.Error"/> says why. A tag that could not be pruned fails too.</summary>
    Failed,

    /// <summary>A destination tag no longer at the source was deleted (<see cref="SyncOptions.Prune"/>); <see cref="SyncImageResult.Source"/> is empty.</summary>
    Pruned,

    /// <summary>A dry run would delete a destination tag no longer at the source.</summary>
    WouldPrune,

    /// <summary>Not started: the source's pull budget reached <see cref="SyncOptions.MinRemainingPulls"/>.</summary>
    Deferred,
}
