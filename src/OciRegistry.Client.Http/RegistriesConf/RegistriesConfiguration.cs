namespace OciRegistry.Client.Http.RegistriesConf;

/// <summary>
/// The containers-registries.conf configuration, merged from the main file and its drop-ins: which references are
/// rewritten to another location, which mirrors are tried before it, which are blocked or reached without TLS
/// checks, and how short names resolve. Read once with <see cref="Load(string?)"/>; immutable and thread-safe.
/// </summary>
public sealed class RegistriesConfiguration
{
    private RegistriesConfiguration(
        IReadOnlyList<RegistryEntry> registries,
        IReadOnlyList<string> search,
        string? searchOrigin,
        ShortNameMode mode,
        IReadOnlyDictionary<string, string> aliases,
        IReadOnlyList<string> files)
    {
        Registries = registries;
        UnqualifiedSearchRegistries = search;
        UnqualifiedSearchRegistriesOrigin = searchOrigin;
        ShortNameMode = mode;
        Aliases = aliases;
        Files = files;
    }

    /// <summary>Gets the configuration of no file: every reference is pulled from where it names.</summary>
    public static RegistriesConfiguration Empty { get; } = new([], [], null, ShortNameMode.Permissive, new Dictionary<string, string>(StringComparer.Ordinal), []);

    /// <summary>Gets the <c>[[registry]]</c> tables, one per prefix, sorted by prefix.</summary>
    public IReadOnlyList<RegistryEntry> Registries { get; }

    /// <summary>Gets <c>unqualified-search-registries</c>: the registries a short name is looked up in, in order.</summary>
    public IReadOnlyList<string> UnqualifiedSearchRegistries { get; }

    /// <summary>Gets the file that set <see cref="UnqualifiedSearchRegistries"/>, if any.</summary>
    public string? UnqualifiedSearchRegistriesOrigin { get; }

    /// <summary>Gets <c>short-name-mode</c>; <see cref="ShortNameMode.Permissive"/> when no file sets it.</summary>
    public ShortNameMode ShortNameMode { get; }

    /// <summary>Gets the <c>[aliases]</c>: short name to <c>registry/repository</c>.</summary>
    public IReadOnlyDictionary<string, string> Aliases { get; }

    /// <summary>Gets the files read, main file first, then the drop-ins in the order they were merged.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Reads the configuration: the given file, or the one <see cref="RegistriesConfigurationFiles.Locate"/> finds, and the drop-ins.</summary>
    /// <param name="path">The main file; <see langword="null"/> to look it up (<c>CONTAINERS_REGISTRIES_CONF</c>, the user's, the system's).</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="RegistriesConfigurationException">A file cannot be read or is not valid; the message names the file and key.</exception>
    public static RegistriesConfiguration Load(string? path = null) => LoadFrom(RegistriesConfigurationFiles.Locate(path));

    /// <summary>Reads the configuration from the given files.</summary>
    /// <param name="files">The main file and the drop-in directories.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="RegistriesConfigurationException">A file cannot be read or is not valid; the message names the file and key.</exception>
    public static RegistriesConfiguration LoadFrom(RegistriesConfigurationFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var read = new List<RegistriesConfigurationFile>();
        if (File.Exists(files.ConfigurationFile))
        {
            read.Add(RegistriesConfigurationReader.Read(files.ConfigurationFile, dropIn: false));
        }
        else if (files.Required)
        {
            throw new RegistriesConfigurationException(files.ConfigurationFile, null, "the file does not exist");
        }

        foreach (var dropIn in files.DropInFiles())
        {
            read.Add(RegistriesConfigurationReader.Read(dropIn, dropIn: true));
        }

        return Merge(read);
    }

    /// <summary>Reads a configuration from TOML text, without drop-ins.</summary>
    /// <param name="toml">The file's content.</param>
    /// <param name="source">The name errors and <see cref="RegistryEntry.Source"/> give the text.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="RegistriesConfigurationException">The text is not a valid configuration.</exception>
    public static RegistriesConfiguration Parse(string toml, string source = "registries.conf")
    {
        ArgumentNullException.ThrowIfNull(toml);
        return Merge([RegistriesConfigurationReader.Parse(toml, source, dropIn: false)]);
    }

    /// <summary>
    /// Returns the <c>[[registry]]</c> whose prefix matches the longest part of a name (registry, namespace or
    /// repository, starting with its host), or <see langword="null"/> when none does.
    /// </summary>
    /// <param name="name">For example <c>docker.io/library/nginx</c>.</param>
    /// <returns>The table, or <see langword="null"/>.</returns>
    public RegistryEntry? FindRegistry(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        RegistryEntry? best = null;
        foreach (var entry in Registries)
        {
            if (RegistryPrefix.Match(name, entry.Prefix) != -1 && entry.Prefix.Length > (best?.Prefix.Length ?? 0))
            {
                best = entry;
            }
        }

        return best;
    }

    /// <summary>
    /// Returns where a reference is pulled from, in the order to try: the mirrors that serve this kind of pull (by
    /// digest or by tag), then the primary location, each with the reference rewritten for it.
    /// </summary>
    /// <param name="reference">The reference as written.</param>
    /// <returns>The places, the primary last; just the reference itself when no table matches.</returns>
    /// <exception cref="RegistriesConfigurationException">A rewrite gives a name that is not a valid, canonical repository name.</exception>
    public IReadOnlyList<RegistryPullSource> PullSources(ImageReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var entry = FindRegistry(reference.Name);
        if (entry is null)
        {
            return [new RegistryPullSource(reference, false, null)];
        }

        var byDigest = reference.Digest is not null;
        var sources = new List<RegistryPullSource>(entry.Mirrors.Count + 1);
        foreach (var mirror in entry.Mirrors)
        {
            var serves = entry.MirrorByDigestOnly
                ? byDigest
                : mirror.PullFromMirror switch
                {
                    MirrorPullPolicy.DigestOnly => byDigest,
                    MirrorPullPolicy.TagOnly => !byDigest,
                    _ => true,
                };
            if (serves)
            {
                var rewritten = Rewrite(reference, entry, mirror.Location);
                sources.Add(new RegistryPullSource(rewritten, true, FindRegistry(rewritten.Name) is { Blocked: true } blocker ? blocker : null));
            }
        }

        var primary = Rewrite(reference, entry, entry.Location);
        sources.Add(new RegistryPullSource(primary, false, entry.Blocked ? entry : FindRegistry(primary.Name) is { Blocked: true } b ? b : null));
        return sources;
    }

    /// <summary>
    /// Tells whether a host's connections skip TLS verification and may fall back to plain HTTP: a table whose prefix
    /// matches the host, or whose location or one of whose mirrors is on that host, says <c>insecure = true</c>.
    /// </summary>
    /// <param name="host">The registry host, as written in references (<c>host[:port]</c>).</param>
    /// <returns><see langword="true"/> when the configuration marks the host insecure.</returns>
    public bool IsInsecure(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (FindRegistry(host) is { Insecure: true })
        {
            return true;
        }

        foreach (var entry in Registries)
        {
            if ((entry.Insecure && HostOf(entry.Location) == host) || entry.Mirrors.Any(m => m.Insecure && HostOf(m.Location) == host))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Returns this configuration with pull-through mirrors for a registry added as code or host configuration gives
    /// them (after the mirrors a file gives, when a table with that registry as its prefix exists).
    /// </summary>
    internal RegistriesConfiguration WithMirrors(string registry, IReadOnlyList<string> mirrors, string source)
    {
        var added = mirrors.Select(m => new RegistryMirror(m.TrimEnd('/'), false, MirrorPullPolicy.All)).ToList();
        var entries = Registries.ToDictionary(e => e.Prefix, StringComparer.Ordinal);
        entries[registry] = entries.TryGetValue(registry, out var existing)
            ? existing with { Mirrors = [.. existing.Mirrors, .. added] }
            : new RegistryEntry { Prefix = registry, Location = registry, Mirrors = added, Source = source };
        return new RegistriesConfiguration(
            [.. entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value)],
            UnqualifiedSearchRegistries,
            UnqualifiedSearchRegistriesOrigin,
            ShortNameMode,
            Aliases,
            Files);
    }

    private static string HostOf(string location) => location.Split('/')[0];

    private static ImageReference Rewrite(ImageReference reference, RegistryEntry entry, string location)
    {
        if (location.Length == 0)
        {
            return reference;
        }

        var name = reference.Name;
        var matched = RegistryPrefix.Match(name, entry.Prefix);
        var rewritten = location + name[matched..];
        if (!ImageReference.TryParse(rewritten, out var parsed) || !string.Equals(parsed.Name, rewritten, StringComparison.Ordinal))
        {
            throw new RegistriesConfigurationException(
                entry.Source,
                $"[[registry]] prefix \"{entry.Prefix}\"",
                $"rewriting {reference} for location \"{location}\" gives \"{rewritten}\", which is not a canonical repository name");
        }

        return reference.Digest is { } digest ? parsed.WithDigest(digest)
            : reference.Tag is { } tag ? parsed.WithTag(tag)
            : parsed;
    }

    // Drop-ins are merged over the main file as containers/image merges them: tables replace those with the same
    // prefix, a set unqualified-search-registries (even empty) or short-name-mode replaces the earlier one, aliases merge.
    private static RegistriesConfiguration Merge(List<RegistriesConfigurationFile> files)
    {
        var registries = new Dictionary<string, RegistryEntry>(StringComparer.Ordinal);
        IReadOnlyList<string> search = [];
        string? searchOrigin = null;
        var mode = ShortNameMode.Permissive;
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var entry in file.Registries)
            {
                registries[entry.Prefix] = entry;
            }

            if (file.UnqualifiedSearchRegistries is { } s)
            {
                search = s;
                searchOrigin = file.Path;
            }

            mode = file.ShortNameMode ?? mode;
            foreach (var (name, value) in file.Aliases)
            {
                aliases[name] = value;
            }
        }

        // An alias set to "" in a later file removes it.
        foreach (var name in aliases.Where(a => a.Value.Length == 0).Select(a => a.Key).ToList())
        {
            aliases.Remove(name);
        }

        return new RegistriesConfiguration(
            [.. registries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value)],
            search,
            searchOrigin,
            mode,
            aliases,
            [.. files.Select(f => f.Path)]);
    }
}
