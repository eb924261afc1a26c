using OciRegistry.Client.Auth;
using OciRegistry.Client.Http.Transport;

namespace OciRegistry.Client.Http;

public partial class OciRegistryClient
{
    /// <summary>
    /// Checks credentials against a registry the way <c>docker login</c> and <c>podman login</c> do: <c>GET /v2/</c>
    /// sent with exactly these credentials (not the configured stores), answering a Basic or Bearer challenge with
    /// them (a token request without a repository scope).
    /// </summary>
    /// <param name="registry">The registry, as written in image references (for example <c>localhost:5000</c>).</param>
    /// <param name="credential">The credentials to check.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that completes when the registry accepted the credentials.</returns>
    /// <exception cref="InvalidReferenceException"><paramref name="registry"/> is not a registry host name.</exception>
    /// <exception cref="RegistryAuthenticationException">The registry or its token server refused the credentials.</exception>
    /// <exception cref="OciRegistryException">The registry answered something else than success.</exception>
    public virtual async Task CheckCredentialsAsync(string registry, RegistryCredential credential, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var connection = GetConnection(ParseRegistry(registry));
        var uri = await connection.ResolveAsync("v2/", cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Options.Set(RegistryAuthRequestOptions.Credential, credential);
        var response = await connection.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken, scopes: []).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            response.Dispose();
            return;
        }

        throw await RegistryConnection.FailAsync(response, RegistryOperation.Authenticate, null, connection.Registry, cancellationToken).ConfigureAwait(false);
    }
}
