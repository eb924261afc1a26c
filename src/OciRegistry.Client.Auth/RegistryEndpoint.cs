using System.Globalization;

namespace OciRegistry.Client.Auth;

/// <summary>
/// Where one registry's credentials and tokens may go: the registry's host as written in references and the host that
/// serves its API (<c>registry-1.docker.io</c> for Docker Hub), on the port the registry names, or on the scheme's
/// default port when it names none. Requests to anywhere else (blob storage, an upload location on another origin)
/// are not the registry's, whatever pipeline they pass through.
/// </summary>
internal sealed class RegistryEndpoint
{
    private readonly string[] _hosts;
    private readonly int? _port;

    private RegistryEndpoint(string[] hosts, int? port)
    {
        _hosts = hosts;
        _port = port;
    }

    /// <summary>Reads a registry as written in image references (<c>host</c>, <c>host:port</c>, <c>[v6]:port</c>, <c>docker.io</c>).</summary>
    public static RegistryEndpoint For(string registry)
    {
        var apiEndpoint = ImageReference.TryParse($"{registry}/x", out var reference) ? reference.ApiEndpoint : registry;
        var port = PortOf(registry);
        var hosts = new[] { HostOf(registry), HostOf(apiEndpoint) }.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        return new RegistryEndpoint(hosts, port);
    }

    /// <summary>Whether <paramref name="uri"/> is on one of the registry's hosts and its port.</summary>
    public bool Contains(Uri uri)
    {
        if (_port is { } port ? uri.Port != port : !uri.IsDefaultPort)
        {
            return false;
        }

        foreach (var host in _hosts)
        {
            if (string.Equals(host, uri.IdnHost, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string? HostOf(string endpoint) =>
        Uri.TryCreate($"https://{endpoint}/", UriKind.Absolute, out var uri) ? uri.IdnHost : null;

    private static int? PortOf(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        return colon > endpoint.LastIndexOf(']')
            && int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                ? port
                : null;
    }
}
