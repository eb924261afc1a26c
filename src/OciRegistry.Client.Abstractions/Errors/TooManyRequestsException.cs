namespace OciRegistry.Client;

/// <summary>The registry is rate limiting this client (HTTP 429, <c>TOOMANYREQUESTS</c>).</summary>
public sealed class TooManyRequestsException : OciRegistryException
{
    /// <summary>Creates the exception from a registry's answer.</summary>
    /// <param name="message">What was refused and why.</param>
    /// <param name="details">The registry's error code, status, operation and repository.</param>
    /// <param name="retryAfter">How long the registry asked the client to wait, from <c>Retry-After</c>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public TooManyRequestsException(string message, RegistryErrorDetails details, TimeSpan? retryAfter, Exception? innerException = null)
        : base(message, details, innerException)
    {
        RetryAfter = retryAfter;
    }

    /// <inheritdoc cref="OciRegistryException(string)"/>
    public TooManyRequestsException(string message)
        : base(message)
    {
    }

    /// <inheritdoc cref="OciRegistryException(string, Exception?)"/>
    public TooManyRequestsException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc cref="OciRegistryException()"/>
    public TooManyRequestsException()
    {
    }

    /// <summary>Gets how long the registry asked the client to wait before trying again, if it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
