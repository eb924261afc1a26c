namespace OciRegistry.Client.Trust.Policy;

/// <summary>
/// The policy scopes an image falls in, most specific first, as containers/image computes them per transport:
/// <c>docker</c> tries <c>host/ns/repo:tag</c> (or <c>@digest</c>), <c>host/ns/repo</c>, each parent namespace,
/// <c>host</c>, then <c>*.domain</c> wildcards of the host from the longest; <c>oci</c>, <c>oci-archive</c> and
/// <c>dir</c> try the resolved absolute path, then each parent directory (not <c>/</c>); <c>docker-archive</c> has no
/// scopes but its transport default.
/// </summary>
/// <param name="Transport">The transport name in the policy: <c>docker</c>, <c>oci</c>, <c>oci-archive</c>, <c>docker-archive</c>, <c>dir</c>.</param>
/// <param name="Candidates">The scopes to try, most specific first.</param>
/// <param name="Identity">The Docker reference of the image (with its tag or digest), for <c>signedIdentity</c>; <see langword="null"/> when the transport has none.</param>
internal sealed record PolicyScopes(string Transport, IReadOnlyList<string> Candidates, ImageReference? Identity)
{
    /// <summary>The transport names containers-policy.json uses.</summary>
    public const string Docker = "docker";
    public const string Oci = "oci";
    public const string OciArchive = "oci-archive";
    public const string DockerArchive = "docker-archive";
    public const string Dir = "dir";

    /// <summary>Computes the scopes of a location.</summary>
    public static PolicyScopes For(ImageLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.Transport switch
        {
            ImageTransport.Registry => ForRegistry(location.RegistryReference!.WithDefaultTag()),
            ImageTransport.OciLayout => ForPath(Oci, location.Path!, null),
            ImageTransport.OciArchive => ForPath(OciArchive, location.Path!, null),
            ImageTransport.Directory => ForPath(Dir, location.Path!, null),
            ImageTransport.DockerArchive => new PolicyScopes(
                DockerArchive, [], location.Tag is { } tag && ImageReference.TryParse(tag, out var named) ? named : null),
            _ => throw new ArgumentOutOfRangeException(nameof(location), location.Transport, "Unknown transport."),
        };
    }

    /// <summary>Computes the scopes of an image in a registry.</summary>
    public static PolicyScopes ForRegistry(ImageReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var candidates = new List<string> { reference.ToString() };
        var name = reference.Name;
        for (var path = name; ; )
        {
            candidates.Add(path);
            var slash = path.LastIndexOf('/');
            if (slash < 0)
            {
                break;
            }

            path = path[..slash];
        }

        // Wildcards match subdomains only: registry.example.com falls in *.example.com and *.com, never in
        // *.registry.example.com. A port is not part of the host a wildcard names.
        var host = reference.Registry;
        var colon = host.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            host = host[..colon];
        }

        for (var dot = host.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = host.IndexOf('.', dot + 1))
        {
            candidates.Add("*" + host[dot..]);
        }

        return new PolicyScopes(Docker, candidates, reference);
    }

    /// <summary>Computes the scopes of an on-disk image: its resolved path, then each parent directory but <c>/</c>.</summary>
    internal static PolicyScopes ForPath(string transport, string path, ImageReference? identity)
    {
        var resolved = ResolvePath(path);
        var candidates = new List<string> { resolved };
        for (var current = resolved; ;)
        {
            var slash = current.LastIndexOf('/');
            if (slash <= 0)
            {
                break;
            }

            current = current[..slash];
            candidates.Add(current);
        }

        return new PolicyScopes(transport, candidates, identity);
    }

    /// <summary>The absolute path with symbolic links resolved as far as the path exists, as containers/image resolves it.</summary>
    internal static string ResolvePath(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var existing = full;
        var rest = string.Empty;
        while (!File.Exists(existing) && !Directory.Exists(existing))
        {
            var parent = System.IO.Path.GetDirectoryName(existing);
            if (parent is null)
            {
                return TrimSeparator(full);
            }

            rest = System.IO.Path.Join(System.IO.Path.GetFileName(existing), rest);
            existing = parent;
        }

        var info = new FileInfo(existing);
        var target = info.LinkTarget is null ? existing : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? existing;
        var real = RealParents(target);
        return TrimSeparator(rest.Length == 0 ? real : System.IO.Path.Join(real, rest));
    }

    private static string RealParents(string path)
    {
        var parent = System.IO.Path.GetDirectoryName(path);
        if (parent is null)
        {
            return path;
        }

        var realParent = RealParents(parent);
        var info = new DirectoryInfo(realParent);
        var resolvedParent = info.LinkTarget is null ? realParent : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? realParent;
        return System.IO.Path.Join(resolvedParent, System.IO.Path.GetFileName(path));
    }

    private static string TrimSeparator(string path) => path.Length > 1 ? path.TrimEnd('/') : path;
}
