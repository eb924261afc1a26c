namespace OciRegistry.Client;

/// <summary>
/// The image, manifest, blob, tag or repository does not exist. The CLI maps this family to exit code 2.
/// </summary>
public class NotFoundException : OciRegistryException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was not found, named so a user can check it.</param>
    public NotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was not found.</param>
    /// <param name="innerException">The cause.</param>
    public NotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from a registry's answer.</summary>
    /// <param name="message">What was not found.</param>
    /// <param name="details">The registry's error code, status, operation and repository.</param>
    /// <param name="innerException">The cause, if any.</param>
    public NotFoundException(string message, RegistryErrorDetails details, Exception? innerException = null)
        : base(message, details, innerException)
    {
    }

    /// <summary>Creates the exception with no message of its own.</summary>
    public NotFoundException()
    {
    }
}

/// <summary>No manifest exists for the tag or digest (<c>MANIFEST_UNKNOWN</c>).</summary>
public sealed class ManifestNotFoundException : NotFoundException
{
    /// <inheritdoc cref="NotFoundException(string)"/>
    public ManifestNotFoundException(string message)
        : base(message)
    {
    }

    /// <inheritdoc cref="NotFoundException(string, Exception?)"/>
    public ManifestNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc cref="NotFoundException(string, RegistryErrorDetails, Exception?)"/>
    public ManifestNotFoundException(string message, RegistryErrorDetails details, Exception? innerException = null)
        : base(message, details, innerException)
    {
    }

    /// <inheritdoc cref="NotFoundException()"/>
    public ManifestNotFoundException()
    {
    }
}

/// <summary>The blob does not exist in the repository (<c>BLOB_UNKNOWN</c>).</summary>
public sealed class BlobNotFoundException : NotFoundException
{
    /// <inheritdoc cref="NotFoundException(string)"/>
    public BlobNotFoundException(string message)
        : base(message)
    {
    }

    /// <inheritdoc cref="NotFoundException(string, Exception?)"/>
    public BlobNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc cref="NotFoundException(string, RegistryErrorDetails, Exception?)"/>
    public BlobNotFoundException(string message, RegistryErrorDetails details, Exception? innerException = null)
        : base(message, details, innerException)
    {
    }

    /// <inheritdoc cref="NotFoundException()"/>
    public BlobNotFoundException()
    {
    }
}

/// <summary>The repository does not exist (<c>NAME_UNKNOWN</c>).</summary>
public sealed class RepositoryNotFoundException : NotFoundException
{
    /// <inheritdoc cref="NotFoundException(string)"/>
    public RepositoryNotFoundException(string message)
        : base(message)
    {
    }

    /// <inheritdoc cref="NotFoundException(string, Exception?)"/>
    public RepositoryNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc cref="NotFoundException(string, RegistryErrorDetails, Exception?)"/>
    public RepositoryNotFoundException(string message, RegistryErrorDetails details, Exception? innerException = null)
        : base(message, details, innerException)
    {
    }

    /// <inheritdoc cref="NotFoundException()"/>
    public RepositoryNotFoundException()
    {
    }
}
