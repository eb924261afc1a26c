namespace OciRegistry.Client.Auth;

/// <summary>
/// A source of registry credentials: explicit settings, an auth file, a credential helper. Stores are asked in turn
/// until one answers, in the order
/// <see cref="Microsoft.Extensions.DependencyInjection.RegistryAuthenticationServiceCollectionExtensions.AddOciRegistryAuthentication"/>
/// describes.
/// </summary>
public interface ICredentialStore
{
    /// <summary>Looks up the credentials for a registry, or for one repository of it.</summary>
    /// <param name="registry">The registry as written in image references (<c>host</c> or <c>host:port</c>; <c>docker.io</c> for Docker Hub).</param>
    /// <param name="repository">The repository path within the registry (for example <c>team/app</c>), when known; stores that key credentials by namespace use it for the most specific match.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The credentials, or <see langword="null"/> when this store has none for the registry.</returns>
    Task<RegistryCredential?> GetAsync(string registry, string? repository, CancellationToken cancellationToken);
}
