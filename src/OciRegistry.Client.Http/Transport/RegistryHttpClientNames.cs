namespace OciRegistry.Client.Http.Transport;

/// <summary>The names of the <see cref="IHttpClientFactory"/> clients the registry client uses.</summary>
internal static class RegistryHttpClientNames
{
    /// <summary>The prefix of the per-registry clients: one named client per registry, so TLS settings and handlers can differ.</summary>
    public const string RegistryPrefix = "OciRegistry.Client:";

    /// <summary>The client for redirects to other origins (blob storage): no registry credentials ever go through it.</summary>
    public const string Storage = "OciRegistry.Client.Storage";

    public static string ForRegistry(string registry) => RegistryPrefix + registry.ToLowerInvariant();

    public static bool TryGetRegistry(string? name, out string registry)
    {
        if (name is not null && name.StartsWith(RegistryPrefix, StringComparison.Ordinal))
        {
            registry = name[RegistryPrefix.Length..];
            return true;
        }

        registry = string.Empty;
        return false;
    }
}
