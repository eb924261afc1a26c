namespace OciRegistry.Client.Copy;

/// <summary>How a blob reached the destination.</summary>
public enum BlobCopyStatus
{
    /// <summary>Its bytes were read from the source and written to the destination, which verified them.</summary>
    Transferred = 0,

    /// <summary>
    /// The destination already had it, or it is a foreign / non-distributable layer with URLs, which is never copied
    /// (as skopeo by default: the manifest keeps its descriptor and a pull fetches it from its URLs); nothing was transferred.
    /// </summary>
    Skipped,

    /// <summary>The destination mounted it from the source repository of the same registry; nothing was transferred.</summary>
    Mounted,

    /// <summary>
    /// It did not reach the destination: its transfer failed (<see cref="CopiedBlob.Error"/> says why), or it was
    /// stopped because another blob failed or the copy was cancelled. Only in a <see cref="CopyOutcome"/>.
    /// </summary>
    Failed,
}
