namespace OciRegistry.Client.Trust;

/// <summary>
/// A trust policy cannot be used: its file is missing or unreadable, it is not valid JSON, or a value in it is
/// invalid or unknown. The message names the file and, for content errors, the JSON path of the value.
/// </summary>
public sealed class TrustPolicyException : OciRegistryException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public TrustPolicyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TrustPolicyException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public TrustPolicyException()
    {
    }
}
