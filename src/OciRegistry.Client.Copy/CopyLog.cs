using Microsoft.Extensions.Logging;

namespace OciRegistry.Client.Copy;

// Log messages of the copy engine: event ids 300-349.
internal static partial class CopyLog
{
    [LoggerMessage(300, LogLevel.Information, "Copying {Reference} ({Digest}, {MediaType})")]
    public static partial void CopyStarting(ILogger logger, string reference, Digest digest, string mediaType);

    [LoggerMessage(301, LogLevel.Information, "Copied {Reference}: wrote {Digest}; {Transferred} blobs transferred ({Bytes} bytes), {Skipped} already present, {Mounted} mounted")]
    public static partial void CopyCompleted(ILogger logger, string reference, Digest digest, int transferred, long bytes, int skipped, int mounted);

    [LoggerMessage(302, LogLevel.Warning, "Copy of {Reference} failed; no manifest was pushed after the failure")]
    public static partial void CopyFailed(ILogger logger, string reference, Exception exception);

    [LoggerMessage(303, LogLevel.Debug, "Blob {Digest} is already at the destination")]
    public static partial void BlobSkipped(ILogger logger, Digest digest);

    [LoggerMessage(304, LogLevel.Debug, "Mounted blob {Digest} from {Repository}")]
    public static partial void BlobMounted(ILogger logger, Digest digest, string repository);

    [LoggerMessage(305, LogLevel.Debug, "Transferred blob {Digest} ({Bytes} bytes)")]
    public static partial void BlobTransferred(ILogger logger, Digest digest, long bytes);

    [LoggerMessage(306, LogLevel.Warning, "Blob {Digest} failed (attempt {Attempt}); trying again in {Delay}")]
    public static partial void BlobRetrying(ILogger logger, Digest digest, int attempt, TimeSpan delay, Exception? exception);

    [LoggerMessage(307, LogLevel.Information, "Reading blob {Digest} broke off at byte {Offset}; resuming from there (resume {Resume})")]
    public static partial void SourceResuming(ILogger logger, Digest digest, long offset, int resume, Exception exception);

    [LoggerMessage(308, LogLevel.Debug, "Pushed manifest {Digest} ({MediaType}){Tag}")]
    public static partial void ManifestPushed(ILogger logger, Digest digest, string mediaType, string tag);

    [LoggerMessage(309, LogLevel.Debug, "Selected instance {Digest} for platform {Platform}")]
    public static partial void InstanceSelected(ILogger logger, Digest digest, string platform);

    [LoggerMessage(311, LogLevel.Information, "Blob {Digest} could not be re-opened at byte {Offset}; the whole blob starts again")]
    public static partial void ResumeFailed(ILogger logger, Digest digest, long offset, Exception? exception);

    [LoggerMessage(310, LogLevel.Debug, "Blob {Digest} failed")]
    public static partial void BlobFailed(ILogger logger, Digest digest, Exception exception);

    [LoggerMessage(312, LogLevel.Information, "Blob {Digest} is a non-distributable layer ({MediaType}) with URLs: not copied; the manifest keeps its descriptor")]
    public static partial void ForeignLayerSkipped(ILogger logger, Digest digest, string mediaType);

    [LoggerMessage(313, LogLevel.Information, "Manifest {Digest} was refused ({Code}) although every blob it references was verified present; another writer of the repository is likely racing it, so the push is tried again (attempt {Attempt})")]
    public static partial void ManifestPushRetrying(ILogger logger, Digest digest, string code, int attempt);

    [LoggerMessage(330, LogLevel.Debug, "Layer {Digest} was converted to {Compression}: {Written}, {Size} bytes")]
    public static partial void LayerConverted(ILogger logger, Digest digest, Digest written, string compression, long size);
    [LoggerMessage(320, LogLevel.Warning, "The referrer {Referrer} of {Subject} is not copied: {Reason}")]
    public static partial void ReferrerNotCopied(ILogger logger, Digest referrer, Digest subject, string reason);

    [LoggerMessage(321, LogLevel.Information, "Copied the referrer {Referrer} of {Subject}")]
    public static partial void ReferrerCopied(ILogger logger, Digest referrer, Digest subject);
}
