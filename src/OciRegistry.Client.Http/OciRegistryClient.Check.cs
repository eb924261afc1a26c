using System.Net;
using OciRegistry.Client.Http.Resilience;
using OciRegistry.Client.Http.Transport;

namespace OciRegistry.Client.Http;

public partial class OciRegistryClient
{
    /// <summary>
    /// Asks a registry now whether it answers the distribution API (<c>GET /v2/</c>, without retrying network errors,
    /// so a closed port fails at once; a registry never pinged is pinged once, also without retries), unlike
    /// <see cref="PingAsync"/>, which keeps its first answer; for health checks. A <c>401</c> answer counts as
    /// an answer: the registry is up and asks for credentials.
    /// </summary>
    /// <param name="registry">The registry, as written in image references (for example <c>localhost:5000</c>).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the registry has answered.</returns>
    /// <exception cref="OciRegistryException">The registry answered, but not as a distribution registry.</exception>
    /// <exception cref="HttpRequestException">The registry could not be reached.</exception>
    public virtual async Task CheckAsync(string registry, CancellationToken cancellationToken = default)
    {
        var connection = GetConnection(ParseRegistry(registry));
        var baseAddress = await connection.ProbeBaseAddressAsync(cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, "v2/"));
        request.Options.Set(RegistryRetryHandler.RetryNetworkErrors, false);
        var response = await connection.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            return;
        }

        throw await RegistryConnection.FailAsync(response, RegistryOperation.Ping, null, $"{baseAddress}v2/", cancellationToken).ConfigureAwait(false);
    }
}
