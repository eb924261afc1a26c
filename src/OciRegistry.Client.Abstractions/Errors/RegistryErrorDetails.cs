using System.Net;

namespace OciRegistry.Client;

/// <summary>What a registry said about a failed request, used to build an <see cref="OciRegistryException"/>.</summary>
/// <param name="Operation">The operation that failed.</param>
/// <param name="Repository">The repository it was about, if any.</param>
/// <param name="StatusCode">The HTTP status of the answer, if any.</param>
/// <param name="Errors">The entries of the registry's error body (may be empty).</param>
public sealed record RegistryErrorDetails(
    RegistryOperation Operation,
    string? Repository,
    HttpStatusCode? StatusCode,
    IReadOnlyList<RegistryError> Errors)
{
    /// <summary>Creates details without error entries.</summary>
    /// <param name="operation">The operation that failed.</param>
    /// <param name="repository">The repository it was about, if any.</param>
    /// <param name="statusCode">The HTTP status of the answer, if any.</param>
    public RegistryErrorDetails(RegistryOperation operation, string? repository, HttpStatusCode? statusCode)
        : this(operation, repository, statusCode, [])
    {
    }
}
