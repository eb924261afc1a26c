using System.Net;
using System.Net.Sockets;

namespace OciRegistry.Client.Auth.Tokens;

/// <summary>
/// Checks a challenge's realm before anything is sent to it: it must be an absolute https URL (http only for
/// registries marked insecure), and credentials never go to a realm whose host is a private, loopback or link-local
/// IP literal unless that is the registry's own host (a registry cannot send our credentials into the local network).
/// </summary>
internal static class RealmPolicy
{
    /// <exception cref="RegistryAuthenticationException">The realm is missing, not absolute, or not https for a secure registry.</exception>
    public static Uri Validate(string? realm, string registry, bool insecure)
    {
        if (string.IsNullOrWhiteSpace(realm) || !Uri.TryCreate(realm, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new RegistryAuthenticationException(
                $"Registry {registry} asked for a bearer token without a usable realm (an absolute http(s) URL).",
                new RegistryErrorDetails(RegistryOperation.Authenticate, null, HttpStatusCode.Unauthorized));
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !insecure)
        {
            throw new RegistryAuthenticationException(
                $"Registry {registry} names a token realm on plain HTTP ({uri.Authority}); tokens are only fetched over HTTPS unless the registry is marked insecure.",
                new RegistryErrorDetails(RegistryOperation.Authenticate, null, HttpStatusCode.Unauthorized));
        }

        return uri;
    }

    /// <summary>Whether credentials may be sent to <paramref name="realm"/> for a registry reached at <paramref name="registryHost"/>.</summary>
    public static bool MaySendCredentials(Uri realm, string registryHost)
    {
        var host = realm.Host.Trim('[', ']');
        return string.Equals(host, registryHost.Trim('[', ']'), StringComparison.OrdinalIgnoreCase)
            || realm.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6)
            || !IPAddress.TryParse(host, out var address)
            || !IsInternal(address);
    }

    internal static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            // fc00::/7 unique local, fe80::/10 link-local, fec0::/10 site-local (deprecated).
            var bytes = address.GetAddressBytes();
            return (bytes[0] & 0xFE) == 0xFC || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10
            || (b[0] == 172 && (b[1] & 0xF0) == 16)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && (b[1] & 0xC0) == 64)
            || b[0] == 0;
    }
}
