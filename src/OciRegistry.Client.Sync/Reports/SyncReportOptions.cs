namespace OciRegistry.Client.Sync.Reports;

/// <summary>The options of a sync as its report records them (credentials are never options, so none appear).</summary>
internal sealed record SyncReportOptions(
    bool DryRun,
    bool KeepGoing,
    bool Scoped,
    string? AppendSuffix,
    bool SkipUnchanged,
    int MaxConcurrentImages,
    int MaxConcurrentBlobs,
    string? IncludeTagRegex,
    string? ExcludeTagRegex,
    string? ImmutableTagRegex,
    string? IncludeRepositoryRegex,
    string? ExcludeRepositoryRegex,
    bool Prune,
    bool PruneUntagged,
    int? PruneMax,
    long? MinRemainingPulls,
    string? Shard,
    string MultiArch,
    string? Format,
    bool PreserveDigests)
{
    public static SyncReportOptions From(SyncOptions o) => new(
        o.DryRun,
        o.KeepGoing,
        o.Scoped,
        o.AppendSuffix,
        o.SkipUnchanged,
        o.MaxConcurrentImages,
        o.MaxConcurrentBlobs,
        o.IncludeTagRegex,
        o.ExcludeTagRegex,
        o.ImmutableTagRegex,
        o.IncludeRepositoryRegex,
        o.ExcludeRepositoryRegex,
        o.Prune,
        o.PruneUntagged,
        o.PruneMax,
        o.MinRemainingPulls,
        o.Shard?.ToString(),
        o.Copy.MultiArch.ToString().ToLowerInvariant(),
        o.Copy.Format?.ToString(),
        o.Copy.PreserveDigests);
}
