namespace OciRegistry.Client.Trust;

/// <summary>
/// An image cannot be signed: the key is missing, the passphrase does not open it, or the destination cannot hold the
/// signature. The message never contains a passphrase or key material.
/// </summary>
public sealed class SigningException : OciRegistryException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public SigningException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SigningException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public SigningException()
    {
    }
}
