namespace OciRegistry.Client.Referrers;

/// <summary>Which referrers a listing returns.</summary>
public sealed record ReferrerFilter
{
    /// <summary>Gets the filter that returns every referrer, cosign's tagged attachments included.</summary>
    public static ReferrerFilter All { get; } = new();

    /// <summary>Gets the artifact types to return; empty (the default) for every type.</summary>
    public IReadOnlyList<string> ArtifactTypes { get; init; } = [];

    /// <summary>
    /// Gets the artifact types never returned, whatever <see cref="ArtifactTypes"/> says; empty by default. Unlike
    /// <see cref="ArtifactTypes"/>, they apply at every depth of a <see cref="ReferrerTree"/> (an SBOM's signature too).
    /// </summary>
    public IReadOnlyList<string> ExcludedArtifactTypes { get; init; } = [];

    /// <summary>Gets a value indicating whether cosign's tagged attachments are looked for too; <see langword="true"/> by default.</summary>
    public bool CosignTags { get; init; } = true;

    /// <summary>Tells whether a referrer of this artifact type passes the filter.</summary>
    /// <param name="artifactType">The referrer's artifact type, if it has one.</param>
    /// <returns>
    /// <see langword="true"/> when the type is not excluded and no types are asked for or the type is one of them.
    /// </returns>
    public bool Accepts(string? artifactType) =>
        (artifactType is null || !ExcludedArtifactTypes.Contains(artifactType, StringComparer.Ordinal))
        && (ArtifactTypes.Count == 0 || (artifactType is not null && ArtifactTypes.Contains(artifactType, StringComparer.Ordinal)));
}
