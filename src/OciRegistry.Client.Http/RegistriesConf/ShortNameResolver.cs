namespace OciRegistry.Client.Http.RegistriesConf;

/// <summary>
/// Resolves names people type without a registry (<c>fedora</c>, <c>nginx:1.27</c>) as podman does, for hosts that
/// accept such names: an alias first (the user's alias cache, then the configuration's <c>[aliases]</c>), else one
/// candidate per <c>unqualified-search-registries</c> entry. In <see cref="ShortNameMode.Enforcing"/> mode several
/// candidates without an alias are an error listing them; otherwise the caller tries them in order. Nothing is ever
/// written: an alias is not recorded for a name that resolved by search. <c>docker://</c> references never come here —
/// they name Docker Hub when they have no registry.
/// </summary>
public sealed class ShortNameResolver
{
    private readonly RegistriesConfiguration _configuration;
    private readonly string? _aliasCacheFile;

    /// <summary>Creates a resolver.</summary>
    /// <param name="configuration">The registries configuration: its aliases, search registries and mode.</param>
    /// <param name="aliasCacheFile">
    /// The user's alias cache, whose aliases win over the configuration's; <see langword="null"/> for containers' default
    /// (<c>$XDG_CACHE_HOME/containers/short-name-aliases.conf</c>, or <c>/var/cache/containers/short-name-aliases.conf</c>
    /// as root); a missing file has no aliases.
    /// </param>
    public ShortNameResolver(RegistriesConfiguration configuration, string? aliasCacheFile = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _configuration = configuration;
        _aliasCacheFile = aliasCacheFile ?? DefaultAliasCacheFile();
    }

    /// <summary>Gets a mode, set at creation, that replaces the configuration's <c>short-name-mode</c>; <see langword="null"/> uses it.</summary>
    public ShortNameMode? Mode { get; init; }

    /// <summary>Resolves a name.</summary>
    /// <param name="name">A short name with an optional tag or digest, or a fully qualified reference (returned as it is).</param>
    /// <returns>The candidates, in the order to try them.</returns>
    /// <exception cref="InvalidReferenceException">The name is not a valid image name.</exception>
    /// <exception cref="ShortNameResolutionException">The name has no alias and no search registry, or is ambiguous in enforcing mode.</exception>
    /// <exception cref="RegistriesConfigurationException">The alias cache is not valid.</exception>
    public ShortNameResolution Resolve(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var parsed = ImageReference.Parse(name);
        if (!ShortNames.HasNoRegistry(name))
        {
            return new ShortNameResolution([parsed], null);
        }

        var suffix = parsed.Digest is { } digest ? "@" + digest : parsed.Tag is { } tag ? ":" + tag : string.Empty;
        var repository = suffix.Length == 0 ? name : name[..^suffix.Length];
        if (Alias(repository) is ({ } target, { } origin))
        {
            return new ShortNameResolution([ImageReference.Parse(target + suffix).WithDefaultTag()], origin);
        }

        var search = _configuration.UnqualifiedSearchRegistries;
        if (search.Count == 0)
        {
            throw new ShortNameResolutionException(
                name,
                $"short name \"{name}\" did not resolve to an alias and no unqualified-search-registries are defined in {_configuration.UnqualifiedSearchRegistriesOrigin ?? string.Join(", ", _configuration.Files.DefaultIfEmpty("the registries configuration"))}",
                []);
        }

        var candidates = search.Select(registry => ImageReference.Parse($"{registry}/{repository}{suffix}").WithDefaultTag()).ToList();
        if ((Mode ?? _configuration.ShortNameMode) == ShortNameMode.Enforcing && candidates.Count > 1)
        {
            throw new ShortNameResolutionException(
                name,
                $"short name \"{name}\" is ambiguous: it has no alias and could be any of {string.Join(", ", candidates)}; give the full name or add an alias",
                candidates);
        }

        return new ShortNameResolution(candidates, null);
    }

    private (string? Target, string? Origin) Alias(string repository)
    {
        if (_aliasCacheFile is not null && File.Exists(_aliasCacheFile)
            && RegistriesConfigurationReader.ReadAliasFile(_aliasCacheFile).TryGetValue(repository, out var cached) && cached.Length > 0)
        {
            return (cached, _aliasCacheFile);
        }

        return _configuration.Aliases.TryGetValue(repository, out var configured)
            ? (configured, string.Join(", ", _configuration.Files))
            : (null, null);
    }

    private static string? DefaultAliasCacheFile()
    {
        if (Environment.UserName == "root")
        {
            return "/var/cache/containers/short-name-aliases.conf";
        }

        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home ? Path.Combine(home, ".cache") : null;
        return cache is null ? null : Path.Combine(cache, "containers", "short-name-aliases.conf");
    }
}
