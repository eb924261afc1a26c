using OciRegistry.Client.Copy;
using OciRegistry.Client.Sync.Filters;

namespace OciRegistry.Client.Sync;

/// <summary>The validated snapshot of <see cref="SyncOptions"/> one sync runs with; <see cref="Copy"/> is a private copy no caller holds.</summary>
internal sealed record SyncSettings(
    bool Scoped,
    string AppendSuffix,
    bool DryRun,
    bool KeepGoing,
    bool SkipUnchanged,
    bool OverwriteDirectories,
    int MaxConcurrentImages,
    int MaxConcurrentBlobs,
    TagPattern? Include,
    TagPattern? Exclude,
    SyncShard? Shard,
    CopyOptions Copy)
{
    public TagPattern? Immutable { get; init; }

    public bool Prune { get; init; }

    public bool PruneUntagged { get; init; }

    public int? PruneMax { get; init; }

    public TagPattern? IncludeRepositories { get; init; }

    public TagPattern? ExcludeRepositories { get; init; }

    public long? MinRemainingPulls { get; init; }

    public string? ReportPath { get; init; }

    /// <summary>The options as the report records them.</summary>
    public Reports.SyncReportOptions? Recorded { get; init; }

    /// <summary>Whether a repository of a catalog (its path below the namespace) passes the repository filters.</summary>
    public bool SelectsRepository(string path) =>
        (IncludeRepositories is null || IncludeRepositories.IsMatch(path)) && (ExcludeRepositories is null || !ExcludeRepositories.IsMatch(path));

    /// <summary>Whether a tag is trusted unchanged once the destination lists it.</summary>
    public bool IsImmutable(string? tag) => tag is not null && Immutable is not null && Immutable.IsMatch(tag);

    /// <summary>
    /// Whether a tag listed from a repository passes the command-line filters. With referrers copied, the digest tags
    /// (the referrers fallback index <c>sha256-HEX</c>, cosign's <c>sha256-HEX.sig</c>) are not images of their own:
    /// they travel with their subjects, and the destination's fallback index is kept by the client as it copies.
    /// </summary>
    public bool Selects(string tag) =>
        (Include is null || Include.IsMatch(tag)) && (Exclude is null || !Exclude.IsMatch(tag))
        && !(Copy.CopyReferrers && tag.StartsWith(Engine.TagPruner.DigestTagPrefix, StringComparison.Ordinal));
}
