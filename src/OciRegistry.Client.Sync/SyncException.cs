namespace OciRegistry.Client.Sync;

/// <summary>
/// A sync that could not start (a source with no images, a directory-to-directory sync, a destination directory that
/// is in the way) or that stopped at a failed image without <see cref="SyncOptions.KeepGoing"/>; then
/// <see cref="Result"/> holds what was done and the inner exception is the image's failure.
/// </summary>
public sealed class SyncException : OciRegistryException
{
    /// <inheritdoc cref="OciRegistryException(string)"/>
    public SyncException(string message)
        : base(message)
    {
    }

    /// <inheritdoc cref="OciRegistryException(string, Exception?)"/>
    public SyncException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc cref="OciRegistryException()"/>
    public SyncException()
    {
    }

    /// <summary>Gets what the sync did before it stopped, when it stopped at a failed image.</summary>
    public SyncResult? Result { get; init; }
}
