using OciRegistry.Client.Auth.Credentials;

namespace OciRegistry.Client.Auth;

public sealed partial class RegistryLoginStore
{
    /// <summary>
    /// Returns the credentials this store's auth file holds for a registry — from the credential helper the file names
    /// for it, else from its <c>auths</c> entry — as a query for the stored login reports them. Only
    /// <see cref="AuthFilePath"/> is read, not the other default files.
    /// </summary>
    /// <param name="registry">The registry, <c>host[:port]</c>, optionally with a namespace (<c>host/team</c>).</param>
    /// <param name="cancellationToken">Cancels the lookup (and a helper process).</param>
    /// <returns>The credentials, or <see langword="null"/> when the file has none for the registry.</returns>
    /// <exception cref="RegistryAuthenticationException">The file is malformed, or its helper failed.</exception>
    public Task<RegistryCredential?> GetAsync(string registry, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(registry);
        if (_path is null)
        {
            return Task.FromResult<RegistryCredential?>(null);
        }

        var slash = registry.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? registry : registry[..slash];
        var repository = slash < 0 ? null : registry[(slash + 1)..];
        return new AuthFileCredentialStore(_path, _helpers.Get).GetAsync(host, repository, cancellationToken);
    }
}
