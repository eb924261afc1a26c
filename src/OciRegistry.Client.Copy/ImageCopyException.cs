namespace OciRegistry.Client.Copy;

/// <summary>
/// A copy cannot be done as asked: a Docker schema 1 source, a format the content cannot be expressed in (zstd layers
/// to Docker schema 2, an artifact to Docker), a change refused by <see cref="CopyOptions.PreserveDigests"/>, or no
/// instance of an index for the platform asked for. Raised before any blob is transferred.
/// </summary>
public sealed class ImageCopyException : OciRegistryException
{
    /// <inheritdoc cref="OciRegistryException(string)"/>
    public ImageCopyException(string message)
        : base(message)
    {
    }

    /// <inheritdoc cref="OciRegistryException(string, Exception?)"/>
    public ImageCopyException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc cref="OciRegistryException()"/>
    public ImageCopyException()
    {
    }
}
