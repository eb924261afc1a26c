namespace OciRegistry.Client.Sync.Planning;

/// <summary>
/// A sync's work list after filters and the shard, how many sources (repositories or the directory) it came from, and
/// the destination repositories to prune (empty unless pruning was asked for).
/// </summary>
internal sealed record SyncPlan(IReadOnlyList<SyncWorkItem> Items, int Sources, int BeforeShard)
{
    public IReadOnlyList<PruneScope> Prune { get; init; } = [];
}
