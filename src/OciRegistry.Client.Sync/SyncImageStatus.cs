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

    /// <summary>Failed; <see cref="SyncImageResult.Error"/> says why.</summary>
    Failed,
}
