namespace OciRegistry.Client.Sync.Yaml;

/// <summary>
/// One registry of a sync YAML file: the repositories to sync from it and how to connect to it.
/// </summary>
internal sealed record SyncYamlRegistry
{
    /// <summary>Gets the registry, as the YAML key names it (for example <c>registry.example.com</c> or <c>localhost:5000</c>).</summary>
    public required string Registry { get; init; }

    /// <summary>
    /// Gets the repositories under <c>images</c>, each with the tags and digests to sync; an empty list means every
    /// tag of the repository.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Images { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Gets the repositories under <c>images-by-tag-regex</c>, each with the regular expression its tags must match (anywhere in the tag).</summary>
    public IReadOnlyDictionary<string, string> ImagesByTagRegex { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Gets the repositories under <c>images-by-semver</c>, each with the version range its tags must satisfy (for
    /// example <c>&gt;= 1.2.0 &lt; 2</c>, <c>~1.4</c>, <c>^2</c>, <c>1.x || 3.x</c>; commas mean "and"). Tags that are
    /// not versions (a leading <c>v</c> and a missing minor or patch are accepted) are left out.
    /// </summary>
    public IReadOnlyDictionary<string, string> ImagesBySemver { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Gets <c>repositories-by-regex</c>: a regular expression (unanchored) the repositories of the registry's catalog
    /// must match to be synced whole, if any.
    /// </summary>
    public string? RepositoryRegex { get; init; }

    /// <summary>Gets the user name of <c>credentials</c>, if any.</summary>
    public string? Username { get; init; }

    /// <summary>Gets the password of <c>credentials</c>, if any.</summary>
    public string? Password { get; init; }

    /// <summary>Gets <c>tls-verify</c>: <see langword="null"/> when absent (verification stays on, or as the command line says).</summary>
    public bool? TlsVerify { get; init; }

    /// <summary>Gets <c>cert-dir</c>: a directory of <c>*.crt</c>, <c>*.cert</c> and <c>*.key</c> files for this registry, if any.</summary>
    public string? CertDirectory { get; init; }

    /// <summary>Gets a value indicating whether the registry lists nothing to sync.</summary>
    public bool IsEmpty => Images.Count == 0 && ImagesByTagRegex.Count == 0 && ImagesBySemver.Count == 0 && RepositoryRegex is null;

    /// <inheritdoc/>
    /// <remarks>Leaves the password out.</remarks>
    public override string ToString() => Username is null ? Registry : $"{Registry} (as {Username})";
}
