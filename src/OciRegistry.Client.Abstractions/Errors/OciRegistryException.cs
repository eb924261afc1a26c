using System.Net;

namespace OciRegistry.Client;

/// <summary>
/// The root of every error this SDK raises about registries, images and their content. Carries, where known, the
/// registry's error code, the HTTP status, the operation and the repository, so callers can act on it without
/// parsing the message.
/// </summary>
public class OciRegistryException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong, in words a user can act on.</param>
    public OciRegistryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong, in words a user can act on.</param>
    /// <param name="innerException">The cause.</param>
    public OciRegistryException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception describing a registry's answer.</summary>
    /// <param name="message">What went wrong, in words a user can act on.</param>
    /// <param name="details">The registry's error code, status, operation and repository.</param>
    /// <param name="innerException">The cause, if any.</param>
    public OciRegistryException(string message, RegistryErrorDetails details, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(details);
        ErrorCode = details.Errors.Count > 0 ? details.Errors[0].Code : null;
        Errors = details.Errors;
        StatusCode = details.StatusCode;
        Operation = details.Operation;
        Repository = details.Repository;
    }

    /// <summary>Creates an exception with no message of its own.</summary>
    public OciRegistryException()
    {
    }

    /// <summary>Gets the first error code of the registry's error body, if it sent one.</summary>
    public RegistryErrorCode? ErrorCode { get; }

    /// <summary>Gets every entry of the registry's error body (empty when it sent none).</summary>
    public IReadOnlyList<RegistryError> Errors { get; } = [];

    /// <summary>Gets the HTTP status of the registry's answer, if the error came from one.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Gets the operation the error happened in.</summary>
    public RegistryOperation Operation { get; }

    /// <summary>Gets the repository the operation was about, if any (for example <c>docker.io/library/nginx</c>).</summary>
    public string? Repository { get; }
}
