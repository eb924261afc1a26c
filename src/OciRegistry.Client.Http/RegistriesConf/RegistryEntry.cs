namespace OciRegistry.Client.Http.RegistriesConf;

/// <summary>
/// One <c>[[registry]]</c> table: the references it applies to (<see cref="Prefix"/>), where they are pulled from
/// (<see cref="Location"/>, then <see cref="Mirrors"/> first), and whether they are refused or reached without TLS checks.
/// </summary>
public sealed record RegistryEntry
{
    /// <summary>
    /// Gets the references this entry applies to: a registry, a namespace or a repository (<c>example.com/foo</c>),
    /// or <c>*.example.com</c> for every subdomain. The longest matching prefix wins.
    /// </summary>
    public required string Prefix { get; init; }

    /// <summary>
    /// Gets where the matching references live: the prefix part of a reference is replaced by it. Empty for a
    /// wildcard prefix without a location, which leaves references as they are.
    /// </summary>
    public string Location { get; init; } = string.Empty;

    /// <summary>Gets a value indicating whether the location's host may be reached over plain HTTP and without TLS verification.</summary>
    public bool Insecure { get; init; }

    /// <summary>Gets a value indicating whether every operation on matching references is refused.</summary>
    public bool Blocked { get; init; }

    /// <summary>Gets a value indicating whether the mirrors serve pulls by digest only (<c>mirror-by-digest-only</c>).</summary>
    public bool MirrorByDigestOnly { get; init; }

    /// <summary>Gets the mirrors, in the order they are tried before the location.</summary>
    public IReadOnlyList<RegistryMirror> Mirrors { get; init; } = [];

    /// <summary>Gets where the table was written: the file, or the configuration key it came from.</summary>
    public string Source { get; init; } = string.Empty;
}
