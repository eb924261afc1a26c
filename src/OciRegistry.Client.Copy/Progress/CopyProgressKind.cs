namespace OciRegistry.Client.Copy;

/// <summary>What a <see cref="CopyProgressEvent"/> reports.</summary>
public enum CopyProgressKind
{
    /// <summary>Work on a blob began: it is checked at the destination, then mounted or transferred.</summary>
    BlobStarted = 0,

    /// <summary>The destination already had the blob; nothing was transferred.</summary>
    BlobSkipped,

    /// <summary>The destination mounted the blob from the source repository of the same registry; nothing was transferred.</summary>
    BlobMounted,

    /// <summary>Bytes of a blob were read from the source; <see cref="CopyProgressEvent.Bytes"/> is the count so far. Throttled.</summary>
    BlobBytes,

    /// <summary>The blob was transferred and the destination verified its size and digest.</summary>
    BlobDone,

    /// <summary>The blob could not be copied; <see cref="CopyProgressEvent.Error"/> says why.</summary>
    BlobFailed,

    /// <summary>A manifest (an image manifest or an index) was pushed to the destination.</summary>
    ManifestPushed,
}
