using OciRegistry.Client.Auth;
using OciRegistry.Client.Http;
using OciRegistry.Client.Sync.Yaml;

namespace OciRegistry.Client.Sync;

/// <summary>What a sync reads: a registry, a directory tree or a sync YAML file.</summary>
public sealed class SyncSource
{
    private SyncSource(SyncSourceKind kind, string location, SyncYamlFile? yaml)
    {
        Kind = kind;
        Location = location;
        Yaml = yaml;
    }

    /// <summary>Gets the kind of source.</summary>
    public SyncSourceKind Kind { get; }

    /// <summary>Gets the repository or image reference (registry), the directory (directory), or the file's description (YAML).</summary>
    public string Location { get; }

    /// <summary>Gets the registries a <see cref="SyncSourceKind.Yaml"/> source lists, in the file's order; empty for the other kinds.</summary>
    public IReadOnlyList<string> YamlRegistries => Yaml is { } file ? [.. file.Registries.Select(r => r.Registry)] : [];

    /// <summary>Gets the parsed YAML file of a <see cref="SyncSourceKind.Yaml"/> source.</summary>
    internal SyncYamlFile? Yaml { get; }

    /// <summary>Gets the registry of a <see cref="SyncSourceKind.Catalog"/> source.</summary>
    internal string? CatalogRegistry { get; private init; }

    /// <summary>Gets the namespace of a <see cref="SyncSourceKind.Catalog"/> source, if any.</summary>
    internal string? CatalogNamespace { get; private init; }

    /// <summary>
    /// A whole registry, or a namespace of it: every repository its catalog (<c>GET /v2/_catalog</c>, paged) lists
    /// below the namespace and <see cref="SyncOptions.IncludeRepositoryRegex"/> and
    /// <see cref="SyncOptions.ExcludeRepositoryRegex"/> select, each with every tag. Destination names keep the path
    /// below the namespace. A registry that does not offer its catalog (many public ones) fails the sync with a
    /// message that says so.
    /// </summary>
    /// <param name="registryAndNamespace">For example <c>registry.example.com</c> or <c>registry.example.com/team</c>.</param>
    /// <returns>The source.</returns>
    /// <exception cref="InvalidReferenceException">The registry or the namespace is not valid.</exception>
    public static SyncSource Catalog(string registryAndNamespace)
    {
        ArgumentException.ThrowIfNullOrEmpty(registryAndNamespace);
        var trimmed = registryAndNamespace.Trim('/');
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        var registry = slash < 0 ? trimmed : trimmed[..slash];
        var ns = slash < 0 ? null : trimmed[(slash + 1)..];
        if (!ImageReference.TryParse($"{registry}/{ns ?? "x"}", out var parsed) || !string.Equals(parsed.Registry, registry, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidReferenceException(registryAndNamespace, "not a registry (a host name with a dot or a port, or localhost) with an optional namespace");
        }

        return new SyncSource(SyncSourceKind.Catalog, trimmed, null) { CatalogRegistry = registry, CatalogNamespace = ns };
    }

    /// <summary>
    /// Whether a registry source's text names a whole registry or namespace rather than a repository: a registry host
    /// alone (<c>registry.example.com</c>, <c>localhost:5000</c>), or any name ending in <c>/</c>.
    /// </summary>
    /// <param name="text">The source as written.</param>
    /// <returns><see langword="true"/> for a registry or namespace.</returns>
    public static bool NamesCatalog(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.EndsWith('/'))
        {
            return true;
        }

        return !text.Contains('/', StringComparison.Ordinal)
            && (text.Contains('.', StringComparison.Ordinal) || text.Contains(':', StringComparison.Ordinal) || text == "localhost");
    }

    /// <summary>A registry source: a repository (every tag) or one image (<c>repo:tag</c> or <c>repo@digest</c>).</summary>
    /// <param name="reference">For example <c>registry.example.com/team/app</c> or <c>registry.example.com/team/app:1.0</c>.</param>
    /// <returns>The source.</returns>
    /// <exception cref="InvalidReferenceException">The reference is not valid.</exception>
    public static SyncSource Registry(string reference)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        _ = ImageReference.Parse(reference);
        return new SyncSource(SyncSourceKind.Registry, reference, null);
    }

    /// <summary>A directory source: a tree written by an earlier sync to a directory (every directory holding a <c>manifest.json</c> is an image).</summary>
    /// <param name="path">The tree's root.</param>
    /// <returns>The source.</returns>
    public static SyncSource Directory(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new SyncSource(SyncSourceKind.Directory, path, null);
    }

    /// <summary>
    /// A YAML source from the text of a sync file: per registry, <c>images</c> (repository → tags or digests;
    /// an empty list for every tag), <c>images-by-tag-regex</c>, <c>images-by-semver</c>, <c>credentials</c>,
    /// <c>tls-verify</c> and <c>cert-dir</c>.
    /// </summary>
    /// <param name="yaml">The file's text.</param>
    /// <param name="description">How to name it in messages, such as its path.</param>
    /// <returns>The source.</returns>
    /// <exception cref="FormatException">The text is not a sync file; the message names the line and the key.</exception>
    public static SyncSource ParseYaml(string yaml, string description = "YAML")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentException.ThrowIfNullOrEmpty(description);
        return new SyncSource(SyncSourceKind.Yaml, description, SyncYamlFile.Parse(yaml));
    }

    /// <summary>A YAML source read from a sync file (see <see cref="ParseYaml"/>), named by its path in messages.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The source.</returns>
    /// <exception cref="FormatException">The text is not a sync file; the message names the file, the line and the key.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async Task<SyncSource> LoadYamlAsync(string path, CancellationToken cancellationToken = default)
    {
        var file = await SyncYamlFile.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        return new SyncSource(SyncSourceKind.Yaml, path, file);
    }

    /// <summary>
    /// Puts the <c>tls-verify</c>, <c>cert-dir</c> and <c>credentials</c> of each registry a YAML source lists into
    /// the client's settings (the file gives them to reach its source registries); call it while configuring the
    /// services, before the client is built. Does nothing for the other kinds.
    /// </summary>
    /// <param name="client">The registry client's options.</param>
    /// <param name="authentication">The authentication options; <see langword="null"/> to leave credentials alone.</param>
    public void ApplyTo(OciRegistryClientOptions client, RegistryAuthenticationOptions? authentication)
    {
        ArgumentNullException.ThrowIfNull(client);
        Yaml?.ApplyTo(client, authentication);
    }
}

/// <summary>The kinds of <see cref="SyncSource"/>.</summary>
public enum SyncSourceKind
{
    /// <summary>A registry repository or image.</summary>
    Registry,

    /// <summary>A directory tree of <c>dir:</c> images.</summary>
    Directory,

    /// <summary>A sync YAML file.</summary>
    Yaml,

    /// <summary>A whole registry or namespace, read through its catalog.</summary>
    Catalog,
}
