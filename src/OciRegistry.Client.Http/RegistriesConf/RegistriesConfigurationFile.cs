namespace OciRegistry.Client.Http.RegistriesConf;

/// <summary>What one file says, validated and normalised, before the drop-ins are merged over it.</summary>
internal sealed class RegistriesConfigurationFile
{
    public required string Path { get; init; }

    /// <summary>Gets the <c>[[registry]]</c> tables, one per prefix (the first wins), sorted by prefix.</summary>
    public required IReadOnlyList<RegistryEntry> Registries { get; init; }

    /// <summary>Gets <c>unqualified-search-registries</c>, or <see langword="null"/> when the file does not set it.</summary>
    public IReadOnlyList<string>? UnqualifiedSearchRegistries { get; init; }

    public ShortNameMode? ShortNameMode { get; init; }

    /// <summary>Gets the <c>[aliases]</c>; an empty value removes an alias set by an earlier file.</summary>
    public IReadOnlyDictionary<string, string> Aliases { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
