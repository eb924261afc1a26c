namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// An on-disk image (OCI layout, OCI archive, docker archive or <c>dir:</c> directory) is malformed or does not
/// hold what was asked for in the form expected: a missing or invalid <c>index.json</c>, <c>oci-layout</c>,
/// <c>manifest.json</c> or <c>version</c> file, an ambiguous reference, or content that cannot be stored in the format.
/// </summary>
public sealed class InvalidImageLayoutException : OciRegistryException
{
    /// <inheritdoc cref="OciRegistryException(string)"/>
    public InvalidImageLayoutException(string message)
        : base(message)
    {
    }

    /// <inheritdoc cref="OciRegistryException(string, Exception?)"/>
    public InvalidImageLayoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc cref="OciRegistryException()"/>
    public InvalidImageLayoutException()
    {
    }
}
