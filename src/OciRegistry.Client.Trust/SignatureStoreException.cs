namespace OciRegistry.Client.Trust;

/// <summary>
/// Signatures cannot be read or written: a registries.d file is invalid, a lookaside server fails or redirects to
/// another origin, a signature exceeds the size limit, or there is nowhere to write. The message names the place.
/// </summary>
public sealed class SignatureStoreException : OciRegistryException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public SignatureStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SignatureStoreException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public SignatureStoreException()
    {
    }
}
