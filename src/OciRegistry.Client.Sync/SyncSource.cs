using OciRegistry.Client.Sync.Yaml;

namespace OciRegistry.Client.Sync;

/// <summary>What a sync reads, as skopeo's <c>--src docker|dir|yaml</c>.</summary>
public sealed record SyncSource
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

    /// <summary>Gets the parsed YAML file of a <see cref="SyncSourceKind.Yaml"/> source.</summary>
    public SyncYamlFile? Yaml { get; }

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

    /// <summary>A YAML source: the registries and repositories a skopeo sync file lists.</summary>
    /// <param name="file">The parsed file (<see cref="SyncYamlFile.LoadAsync"/>).</param>
    /// <param name="description">How to name it in messages, such as its path.</param>
    /// <returns>The source.</returns>
    public static SyncSource FromYaml(SyncYamlFile file, string description = "YAML")
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentException.ThrowIfNullOrEmpty(description);
        return new SyncSource(SyncSourceKind.Yaml, description, file);
    }
}

/// <summary>The kinds of <see cref="SyncSource"/>.</summary>
public enum SyncSourceKind
{
    /// <summary>A registry repository or image (skopeo's <c>docker</c>).</summary>
    Registry,

    /// <summary>A directory tree (skopeo's <c>dir</c>).</summary>
    Directory,

    /// <summary>A skopeo sync YAML file (skopeo's <c>yaml</c>).</summary>
    Yaml,
}
