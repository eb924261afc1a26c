using Microsoft.Extensions.Logging;

namespace OciRegistry.Client.Http;

// Log messages of uploads and mounts: event ids 100-149.
internal static partial class RegistryLog
{
    [LoggerMessage(100, LogLevel.Debug, "Uploading blob {Digest} ({Size} bytes) to {Repository} ({Strategy})")]
    public static partial void UploadStarting(ILogger logger, string digest, long size, string repository, UploadStrategy strategy);

    [LoggerMessage(101, LogLevel.Debug, "Uploaded blob {Digest} ({Size} bytes) to {Repository}")]
    public static partial void Uploaded(ILogger logger, Digest digest, long size, string repository);

    [LoggerMessage(102, LogLevel.Information, "Registry refused the chunk of blob {Digest} for {Repository} starting at {Start}; it holds {Offset} bytes, continuing from there")]
    public static partial void ChunkRangeRefused(ILogger logger, string digest, string repository, long start, long offset);

    [LoggerMessage(103, LogLevel.Debug, "Cancelled the upload session of blob {Digest} in {Repository} (status {Status})")]
    public static partial void UploadCancelled(ILogger logger, string digest, string repository, int status);

    [LoggerMessage(104, LogLevel.Warning, "Could not cancel the upload session of blob {Digest} in {Repository}; the registry will expire it")]
    public static partial void UploadCancelFailed(ILogger logger, string digest, string repository, Exception exception);

    [LoggerMessage(105, LogLevel.Debug, "Mounted blob {Digest} into {Repository} from {Source}")]
    public static partial void Mounted(ILogger logger, Digest digest, string repository, string source);

    [LoggerMessage(106, LogLevel.Debug, "Registry declined to mount blob {Digest} into {Repository} from {Source}")]
    public static partial void MountDeclined(ILogger logger, Digest digest, string repository, string source);

    [LoggerMessage(107, LogLevel.Debug, "Registry opened a session instead of taking blob {Digest} in one request; uploading it monolithically")]
    public static partial void SingleRequestDeclined(ILogger logger, Digest digest);

    [LoggerMessage(108, LogLevel.Debug, "Registry asks for chunks of at least {MinLength} bytes; uploading blob {Digest} in chunks of {ChunkSize}")]
    public static partial void ChunkSizeRaised(ILogger logger, long minLength, Digest digest, long chunkSize);

    [LoggerMessage(109, LogLevel.Warning, "Registry resumed the upload of blob {Digest} in {Repository} at byte {Offset}, within the current chunk; resending from there (attempt {Attempt})")]
    public static partial void ChunkResent(ILogger logger, Digest digest, string repository, long offset, int attempt);

    [LoggerMessage(110, LogLevel.Debug, "Sending blob {Digest} in one request failed while the body was written; the registry may not take bodies on POST, uploading it monolithically")]
    public static partial void SingleRequestBroken(ILogger logger, Digest digest, Exception exception);

    [LoggerMessage(111, LogLevel.Warning, "Registry moved the upload of blob {Digest} in {Repository} to another origin ({Origin}); the upload continues there without credentials")]
    public static partial void UploadMovedToAnotherOrigin(ILogger logger, string digest, string repository, string origin);
}
