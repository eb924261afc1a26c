namespace OciRegistry.Client.Auth;

/// <summary>
/// Where <c>login</c> puts credentials and <c>logout</c> removes them: an auth file, or the credential helper the
/// file names for a registry.
/// </summary>
public interface ICredentialWriter
{
    /// <summary>Stores credentials for a registry (<c>host</c>, <c>host:port</c>) or a namespace of one (<c>host/team</c>), replacing any it had.</summary>
    /// <param name="registry">The registry or namespace; Docker Hub may be written <c>docker.io</c>, <c>index.docker.io</c> or <c>https://index.docker.io/v1/</c>.</param>
    /// <param name="credential">The credentials.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the credentials are stored.</returns>
    /// <exception cref="RegistryAuthenticationException">The auth file is not valid, or the credential helper failed.</exception>
    Task StoreAsync(string registry, RegistryCredential credential, CancellationToken cancellationToken = default);

    /// <summary>Removes the credentials of a registry or namespace.</summary>
    /// <param name="registry">The registry or namespace, written as for <see cref="StoreAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="false"/> when there were none.</returns>
    /// <exception cref="RegistryAuthenticationException">The auth file is not valid, or the credential helper failed.</exception>
    Task<bool> EraseAsync(string registry, CancellationToken cancellationToken = default);

    /// <summary>Removes every stored credential (a logout from every registry).</summary>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when they are removed.</returns>
    /// <exception cref="RegistryAuthenticationException">The auth file is not valid, or a credential helper failed.</exception>
    Task EraseAllAsync(CancellationToken cancellationToken = default);
}
