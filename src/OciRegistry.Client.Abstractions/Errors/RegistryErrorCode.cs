namespace OciRegistry.Client;

/// <summary>
/// An error code from a registry's error body (<c>{"errors":[{"code":"MANIFEST_UNKNOWN",…}]}</c>). The codes of the
/// OCI distribution specification are predefined; any other code a registry sends is kept as it is.
/// </summary>
public readonly struct RegistryErrorCode : IEquatable<RegistryErrorCode>
{
    /// <summary>Creates a code from its wire form.</summary>
    /// <param name="value">The code as the registry sent it, for example <c>BLOB_UNKNOWN</c>.</param>
    public RegistryErrorCode(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        Value = value;
    }

    /// <summary>Gets the code as the registry sent it.</summary>
    public string Value => field ?? string.Empty;

    /// <summary><c>BLOB_UNKNOWN</c>: the blob is not in the repository.</summary>
    public static RegistryErrorCode BlobUnknown { get; } = new("BLOB_UNKNOWN");

    /// <summary><c>BLOB_UPLOAD_INVALID</c>: the upload failed or was rejected.</summary>
    public static RegistryErrorCode BlobUploadInvalid { get; } = new("BLOB_UPLOAD_INVALID");

    /// <summary><c>BLOB_UPLOAD_UNKNOWN</c>: the upload session is not known (expired or cancelled).</summary>
    public static RegistryErrorCode BlobUploadUnknown { get; } = new("BLOB_UPLOAD_UNKNOWN");

    /// <summary><c>DIGEST_INVALID</c>: the content does not match its digest.</summary>
    public static RegistryErrorCode DigestInvalid { get; } = new("DIGEST_INVALID");

    /// <summary><c>MANIFEST_BLOB_UNKNOWN</c>: the manifest references a blob the repository lacks.</summary>
    public static RegistryErrorCode ManifestBlobUnknown { get; } = new("MANIFEST_BLOB_UNKNOWN");

    /// <summary><c>MANIFEST_INVALID</c>: the manifest failed the registry's validation.</summary>
    public static RegistryErrorCode ManifestInvalid { get; } = new("MANIFEST_INVALID");

    /// <summary><c>MANIFEST_UNKNOWN</c>: no manifest by that tag or digest.</summary>
    public static RegistryErrorCode ManifestUnknown { get; } = new("MANIFEST_UNKNOWN");

    /// <summary><c>NAME_INVALID</c>: the repository name is not valid.</summary>
    public static RegistryErrorCode NameInvalid { get; } = new("NAME_INVALID");

    /// <summary><c>NAME_UNKNOWN</c>: the repository does not exist.</summary>
    public static RegistryErrorCode NameUnknown { get; } = new("NAME_UNKNOWN");

    /// <summary><c>SIZE_INVALID</c>: the content length does not match.</summary>
    public static RegistryErrorCode SizeInvalid { get; } = new("SIZE_INVALID");

    /// <summary><c>UNAUTHORIZED</c>: authentication is required.</summary>
    public static RegistryErrorCode Unauthorized { get; } = new("UNAUTHORIZED");

    /// <summary><c>DENIED</c>: access to the resource was denied.</summary>
    public static RegistryErrorCode Denied { get; } = new("DENIED");

    /// <summary><c>UNSUPPORTED</c>: the operation is not supported by this registry.</summary>
    public static RegistryErrorCode Unsupported { get; } = new("UNSUPPORTED");

    /// <summary><c>TOOMANYREQUESTS</c>: the client is being rate limited.</summary>
    public static RegistryErrorCode TooManyRequests { get; } = new("TOOMANYREQUESTS");

    /// <inheritdoc/>
    public bool Equals(RegistryErrorCode other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RegistryErrorCode other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Returns the code as the registry sent it.</summary>
    /// <returns>The code string.</returns>
    public override string ToString() => Value;

    /// <summary>Compares two codes.</summary>
    /// <param name="left">The first code.</param>
    /// <param name="right">The second code.</param>
    /// <returns><see langword="true"/> when they are the same code.</returns>
    public static bool operator ==(RegistryErrorCode left, RegistryErrorCode right) => left.Equals(right);

    /// <summary>Compares two codes.</summary>
    /// <param name="left">The first code.</param>
    /// <param name="right">The second code.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(RegistryErrorCode left, RegistryErrorCode right) => !left.Equals(right);
}
