using OciRegistry.Client.Cli.Hosting;

namespace OciRegistry.Client.Cli.Options;

/// <summary>The <c>REGISTRY</c> argument of <c>login</c> and <c>logout</c>, as podman and skopeo take it.</summary>
internal static class RegistryName
{
    /// <summary>Normalizes a registry argument: drops an <c>http(s)://</c> scheme and a trailing <c>/</c>; keeps a namespace (<c>host/team</c>).</summary>
    /// <param name="text">The argument.</param>
    /// <returns>The registry key.</returns>
    /// <exception cref="CliUsageException">The argument is empty or not a registry.</exception>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var name = text.Trim();
        foreach (var scheme in (ReadOnlySpan<string>)["https://", "http://"])
        {
            if (name.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                name = name[scheme.Length..];
            }
        }

        name = name.TrimEnd('/');
        if (name.Length == 0 || name.Contains(' ', StringComparison.Ordinal) || name.Contains('@', StringComparison.Ordinal))
        {
            throw new CliUsageException($"\"{text}\" is not a registry: expected HOST[:PORT][/NAMESPACE]");
        }

        return name;
    }

    /// <summary>Gets the host part of a registry key (<c>host:port</c> of <c>host:port/team</c>).</summary>
    /// <param name="registry">The key.</param>
    /// <returns>The host.</returns>
    public static string Host(string registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var slash = registry.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? registry : registry[..slash];
    }
}
