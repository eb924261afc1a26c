namespace OciRegistry.Client.Auth.Scopes;

/// <summary>
/// The scope a distribution-API request needs when it does not declare any: <c>/v2/NAME/manifests|blobs|tags|referrers/…</c>
/// needs <c>repository:NAME:pull</c> to read, <c>pull,push</c> to write and <c>delete</c> to delete; a mount
/// (<c>?mount=…&amp;from=SOURCE</c>) also needs the source's <c>pull</c>; <c>/v2/_catalog</c> needs <c>registry:catalog:*</c>.
/// </summary>
internal static class ScopeInference
{
    private static readonly string[] Markers = ["/manifests/", "/blobs/", "/tags/", "/referrers/"];

    public static IReadOnlyList<RegistryAuthScope> Infer(HttpRequestMessage request)
    {
        if (request.RequestUri is not { IsAbsoluteUri: true } uri)
        {
            return [];
        }

        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        if (!path.StartsWith("/v2/", StringComparison.Ordinal))
        {
            return [];
        }

        var rest = path[4..];
        if (rest is "_catalog" or "_catalog/")
        {
            return [RegistryAuthScope.Catalog];
        }

        var end = Markers.Max(m => rest.LastIndexOf(m, StringComparison.Ordinal));
        if (end <= 0)
        {
            return [];
        }

        var name = rest[..end];
        var method = request.Method;
        string[] actions = method == HttpMethod.Get || method == HttpMethod.Head ? [RegistryAuthScope.Pull]
            : method == HttpMethod.Delete ? [RegistryAuthScope.Delete]
            : [RegistryAuthScope.Pull, RegistryAuthScope.Push];
        var scopes = new List<RegistryAuthScope> { RegistryAuthScope.Repository(name, actions) };
        if (method == HttpMethod.Post && QueryValue(uri, "from") is { Length: > 0 } source && QueryValue(uri, "mount") is not null)
        {
            scopes.Add(RegistryAuthScope.Repository(source, RegistryAuthScope.Pull));
        }

        return RegistryAuthScope.Merge(scopes);
    }

    /// <summary>The repository whose credentials a request uses: the one it pushes to, else the first it names.</summary>
    public static string? Repository(IReadOnlyList<RegistryAuthScope> scopes)
    {
        var repositories = scopes.Where(s => s.ResourceType == "repository").ToList();
        return (repositories.FirstOrDefault(s => s.Actions.Contains(RegistryAuthScope.Push)) ?? repositories.FirstOrDefault())?.ResourceName;
    }

    private static string? QueryValue(Uri uri, string name)
    {
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? pair : pair[..equals];
            if (string.Equals(Uri.UnescapeDataString(key), name, StringComparison.Ordinal))
            {
                return equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            }
        }

        return null;
    }
}
