namespace OciRegistry.Client.Auth;

/// <summary>
/// The keys through which a request tells <see cref="RegistryAuthenticationHandler"/> what it needs. The registry
/// client sets them on each <see cref="HttpRequestMessage.Options"/>:
/// <list type="bullet">
/// <item><see cref="Scopes"/>: every scope the whole operation needs (for a copy into a repository: its
/// <c>pull,push</c> and the mount source's <c>pull</c>), the same list on every request of the operation, so one token
/// serves them all. Without it the handler infers one scope from the request path and method
/// (<c>/v2/NAME/…</c> → <c>repository:NAME:pull</c>, plus <c>push</c> for writes, <c>delete</c> for DELETE;
/// <c>/v2/_catalog</c> → <c>registry:catalog:*</c>).</item>
/// <item><see cref="Credential"/>: credentials for this request only (for instance those given for one side of a
/// copy), used instead of the credential stores.</item>
/// </list>
/// </summary>
public static class RegistryAuthRequestOptions
{
    /// <summary>Gets the key of the scopes a request needs (merged with any scope the registry's challenge names).</summary>
    public static HttpRequestOptionsKey<IReadOnlyList<RegistryAuthScope>> Scopes { get; } = new("OciRegistry.Client.Auth.Scopes");

    /// <summary>Gets the key of credentials to use for a request instead of those the credential stores give.</summary>
    public static HttpRequestOptionsKey<RegistryCredential> Credential { get; } = new("OciRegistry.Client.Auth.Credential");
}
