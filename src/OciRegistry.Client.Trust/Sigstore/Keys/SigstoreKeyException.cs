namespace OciRegistry.Client.Trust.Sigstore.Keys;

/// <summary>
/// A sigstore key file cannot be used: it is not PEM, not cosign's encrypted format, encrypted with another passphrase,
/// damaged, or holds a key of an unsupported kind. The message names the file and never contains key material or the
/// passphrase.
/// </summary>
public sealed class SigstoreKeyException : OciRegistryException
{
    /// <inheritdoc cref="OciRegistryException(string)"/>
    public SigstoreKeyException(string message)
        : base(message)
    {
    }

    /// <inheritdoc cref="OciRegistryException(string, Exception?)"/>
    public SigstoreKeyException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc cref="OciRegistryException()"/>
    public SigstoreKeyException()
    {
    }
}
