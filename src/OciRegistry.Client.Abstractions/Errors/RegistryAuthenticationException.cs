namespace OciRegistry.Client;

/// <summary>
/// The registry refused the request for lack of credentials or permission (<c>UNAUTHORIZED</c>, <c>DENIED</c>), or
/// credentials or a token could not be obtained. The message never contains a credential or token.
/// </summary>
public sealed class RegistryAuthenticationException : OciRegistryException
{
    /// <inheritdoc cref="OciRegistryException(string)"/>
    public RegistryAuthenticationException(string message)
        : base(message)
    {
    }

    /// <inheritdoc cref="OciRegistryException(string, Exception?)"/>
    public RegistryAuthenticationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc cref="OciRegistryException(string, RegistryErrorDetails, Exception?)"/>
    public RegistryAuthenticationException(string message, RegistryErrorDetails details, Exception? innerException = null)
        : base(message, details, innerException)
    {
    }

    /// <inheritdoc cref="OciRegistryException()"/>
    public RegistryAuthenticationException()
    {
    }
}
