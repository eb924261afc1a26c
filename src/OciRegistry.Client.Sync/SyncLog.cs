using Microsoft.Extensions.Logging;

namespace OciRegistry.Client.Sync;

// Log messages of sync: event ids 350-379.
internal static partial class SyncLog
{
    [LoggerMessage(350, LogLevel.Information, "Syncing {Count} images from {Sources} sources{Shard}")]
    public static partial void SyncStarting(ILogger logger, int count, int sources, string shard);

    [LoggerMessage(351, LogLevel.Information, "Synced: {Copied} copied, {Skipped} already present, {Failed} failed, {WouldCopy} would be copied")]
    public static partial void SyncCompleted(ILogger logger, int copied, int skipped, int failed, int wouldCopy);

    [LoggerMessage(352, LogLevel.Information, "Copying {Source} to {Destination}")]
    public static partial void ImageCopying(ILogger logger, string source, string destination);

    [LoggerMessage(353, LogLevel.Debug, "{Destination} already has {Digest}; skipped")]
    public static partial void ImageUnchanged(ILogger logger, string destination, Digest digest);

    [LoggerMessage(354, LogLevel.Information, "Would have copied {Source} to {Destination}")]
    public static partial void ImageWouldCopy(ILogger logger, string source, string destination);

    [LoggerMessage(355, LogLevel.Warning, "Error copying {Source}")]
    public static partial void ImageFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(356, LogLevel.Warning, "No tags to sync found in {Repository}")]
    public static partial void NoTags(ILogger logger, string repository);

    [LoggerMessage(357, LogLevel.Warning, "No images specified for registry {Registry}")]
    public static partial void NoImagesForRegistry(ILogger logger, string registry);

    [LoggerMessage(358, LogLevel.Debug, "Blob {Digest} is already in {Repository} from another image of this sync; mounted")]
    public static partial void BlobMountedFromRun(ILogger logger, Digest digest, string repository);

    [LoggerMessage(359, LogLevel.Debug, "{Repository} has {Count} tags; an image whose tag is not among them is copied without looking it up")]
    public static partial void DestinationListed(ILogger logger, string repository, int count);

    [LoggerMessage(360, LogLevel.Debug, "The tags of {Repository} could not be listed; each image is looked up by HEAD")]
    public static partial void DestinationNotListed(ILogger logger, string repository, Exception exception);

    [LoggerMessage(361, LogLevel.Debug, "{Repository} has more than {Count} tags; its images are looked up by HEAD instead of reading the whole listing")]
    public static partial void DestinationTooLarge(ILogger logger, string repository, int count);

    [LoggerMessage(362, LogLevel.Error, "Skipping {Repository} of the YAML file: its tags could not be listed")]
    public static partial void YamlRepositorySkipped(ILogger logger, string repository, Exception exception);

    [LoggerMessage(363, LogLevel.Debug, "{Destination} is listed and its tag is immutable; skipped without a look-up")]
    public static partial void ImageTrusted(ILogger logger, string destination);

    [LoggerMessage(364, LogLevel.Warning, "Not starting {Source}: the source's pull budget is at the minimum to keep")]
    public static partial void ImageDeferred(ILogger logger, string source);

    [LoggerMessage(365, LogLevel.Information, "Deleted {Destination}: the tag is no longer at the source")]
    public static partial void TagPruned(ILogger logger, string destination);

    [LoggerMessage(366, LogLevel.Warning, "Could not prune {Destination}")]
    public static partial void PruneFailed(ILogger logger, string destination, Exception exception);

    [LoggerMessage(367, LogLevel.Debug, "{Repository} deletes manifests by digest only; pruning its tags by digest")]
    public static partial void PruneByDigest(ILogger logger, string repository);
    [LoggerMessage(368, LogLevel.Information, "{Destination} holds {Digest} but lacks referrers the source has; copying it again to carry them")]
    public static partial void ReferrersChanged(ILogger logger, string destination, Digest digest);
}
