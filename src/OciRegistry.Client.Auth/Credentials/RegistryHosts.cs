namespace OciRegistry.Client.Auth.Credentials;

/// <summary>Normalises registry names and auth-file keys, folding Docker Hub's aliases into <c>docker.io</c>.</summary>
internal static class RegistryHosts
{
    public const string DockerHub = "docker.io";

    /// <summary>The server URL <c>docker login</c> uses for Docker Hub, in auth files and with credential helpers.</summary>
    public const string DockerHubServerUrl = "https://index.docker.io/v1/";

    public static bool IsDockerHub(string registry) => Normalize(registry) == DockerHub;

    /// <summary>
    /// Turns a registry or an auth-file key into <c>host[:port][/path]</c>: scheme and trailing slash dropped,
    /// a trailing <c>/v1</c> or <c>/v2</c> dropped, the host lower-cased, Docker Hub's hosts as <c>docker.io</c>.
    /// </summary>
    public static string Normalize(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var value = key.Trim();
        if (value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            value = value["https://".Length..];
        }
        else if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            value = value["http://".Length..];
        }

        value = value.TrimEnd('/');
        if (value.EndsWith("/v1", StringComparison.Ordinal) || value.EndsWith("/v2", StringComparison.Ordinal))
        {
            value = value[..^3];
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var host = (slash < 0 ? value : value[..slash]).ToLowerInvariant();
        var path = slash < 0 ? string.Empty : value[slash..];
        host = host switch
        {
            "index.docker.io" or "registry-1.docker.io" or "registry.hub.docker.com" => DockerHub,
            _ => host,
        };
        return host + path;
    }

    /// <summary>The keys to look up for a repository, most specific first: <c>host/a/b/c</c>, <c>host/a/b</c>, <c>host/a</c>, <c>host</c>.</summary>
    public static IReadOnlyList<string> LookupKeys(string registry, string? repository)
    {
        var host = Normalize(registry);
        var keys = new List<string>();
        if (!string.IsNullOrEmpty(repository))
        {
            var path = repository.Trim('/');
            while (path.Length > 0)
            {
                keys.Add($"{host}/{path}");
                var slash = path.LastIndexOf('/');
                path = slash < 0 ? string.Empty : path[..slash];
            }
        }

        keys.Add(host);
        return keys;
    }

    /// <summary>The server URL a credential helper is asked about: Docker Hub's legacy URL, or the registry host.</summary>
    public static string HelperServerUrl(string registry)
    {
        var normalized = Normalize(registry);
        return normalized == DockerHub ? DockerHubServerUrl : normalized;
    }
}
