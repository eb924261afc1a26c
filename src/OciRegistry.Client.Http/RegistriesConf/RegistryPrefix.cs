namespace OciRegistry.Client.Http.RegistriesConf;

/// <summary>How a <c>[[registry]]</c> prefix matches a reference, as containers/image matches it.</summary>
internal static class RegistryPrefix
{
    /// <summary>
    /// Returns how much of <paramref name="reference"/> (a registry, namespace, repository or full reference, always
    /// starting with its host) the prefix covers, or -1 when it does not match. A plain prefix matches when followed by
    /// the end, <c>/</c>, <c>:</c> or <c>@</c> — so <c>example.com</c> also matches <c>example.com:5000</c>, as it does
    /// in containers/image. A wildcard prefix <c>*.example.com</c> matches any subdomain of example.com, in the host only.
    /// </summary>
    public static int Match(string reference, string prefix)
    {
        if (prefix.StartsWith("*.", StringComparison.Ordinal))
        {
            var suffix = prefix[1..];
            var index = reference.IndexOf(suffix, StringComparison.Ordinal);
            if (index == -1 || reference.AsSpan(0, index).Contains('/'))
            {
                return -1;
            }

            index += suffix.Length;
            return index == reference.Length || reference[index] is ':' or '/' or '@' ? index : -1;
        }

        if (!reference.StartsWith(prefix, StringComparison.Ordinal))
        {
            return -1;
        }

        return reference.Length == prefix.Length || reference[prefix.Length] is ':' or '/' or '@' ? prefix.Length : -1;
    }

    /// <summary>Tells whether a prefix is a valid wildcard (<c>*.example.com</c>: no path, port, tag or digest).</summary>
    public static bool IsValidWildcard(string prefix) =>
        prefix.StartsWith("*.", StringComparison.Ordinal) && prefix.IndexOfAny(['/', '@', ':']) < 0 && !prefix.AsSpan(1).Contains('*');

    /// <summary>Tells whether a location is <c>host[:port]</c> with an optional path, the form every location and mirror must have.</summary>
    public static bool IsLocation(string location) =>
        !string.IsNullOrWhiteSpace(location)
        && location == location.Trim()
        && ImageReference.TryParse($"{location}/x", out var parsed)
        && string.Equals(parsed.Registry, location.Split('/')[0], StringComparison.Ordinal)
        && parsed.Tag is null && parsed.Digest is null;
}
