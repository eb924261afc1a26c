namespace OciRegistry.Client.Sync;

/// <summary>Where a sync writes: a registry or a directory.</summary>
public sealed record SyncDestination
{
    private SyncDestination(SyncDestinationKind kind, string location)
    {
        Kind = kind;
        Location = location;
    }

    /// <summary>Gets the kind of destination.</summary>
    public SyncDestinationKind Kind { get; }

    /// <summary>Gets the registry prefix (<c>host[:port][/namespace]</c>) or the directory.</summary>
    public string Location { get; }

    /// <summary>A registry destination: images go to <c>PREFIX/NAME:TAG</c> (see <see cref="SyncOptions.Scoped"/>).</summary>
    /// <param name="prefix">A registry with an optional namespace, for example <c>mirror.example.com/cache</c>.</param>
    /// <returns>The destination.</returns>
    /// <exception cref="InvalidReferenceException">The prefix cannot start a repository name.</exception>
    public static SyncDestination Registry(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var trimmed = prefix.TrimEnd('/');
        _ = ImageReference.Parse(trimmed + "/x");
        return new SyncDestination(SyncDestinationKind.Registry, trimmed);
    }

    /// <summary>A directory destination: each image in <c>DIR/NAME:TAG</c>, in the <c>dir:</c> format of containers/image.</summary>
    /// <param name="path">The directory.</param>
    /// <returns>The destination.</returns>
    public static SyncDestination Directory(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new SyncDestination(SyncDestinationKind.Directory, path);
    }
}

/// <summary>The kinds of <see cref="SyncDestination"/>.</summary>
public enum SyncDestinationKind
{
    /// <summary>A registry.</summary>
    Registry,

    /// <summary>A directory of <c>dir:</c> images.</summary>
    Directory,
}
