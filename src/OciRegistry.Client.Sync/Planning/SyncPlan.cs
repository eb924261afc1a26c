namespace OciRegistry.Client.Sync.Planning;

/// <summary>A sync's work list after filters and the shard, and how many sources (repositories or the directory) it came from.</summary>
internal sealed record SyncPlan(IReadOnlyList<SyncWorkItem> Items, int Sources, int BeforeShard);
