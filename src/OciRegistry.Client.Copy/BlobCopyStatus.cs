namespace OciRegistry.Client.Copy;

/// <summary>How a blob reached the destination.</summary>
public enum BlobCopyStatus
{
    /// <summary>Its bytes were read from the source and written to the destination, which verified them.</summary>
    Transferred = 0,

    /// <summary>
    /// The destination already had it, or it is a foreign / non-distributable layer with URLs, which is never copied
    /// (the manifest keeps its descriptor and a pull fetches it from its URLs); nothing was transferred.
    /// </summary>
    Skipped,

    /// <summary>The destination mounted it from the source repository of the same registry; nothing was transferred.</summary>
    Mounted,
}
