namespace OciRegistry.Client.Sync;

/// <summary>What a sync did: one entry per image of the work list (after filters and the shard), in work-list order.</summary>
public sealed class SyncResult
{
    /// <summary>Gets every image, in the order of the work list.</summary>
    public required IReadOnlyList<SyncImageResult> Images { get; init; }

    /// <summary>Gets the number of sources (repositories, or the directory) the images came from.</summary>
    public required int Sources { get; init; }

    /// <summary>Gets how many images were copied.</summary>
    public int Copied => Images.Count(i => i.Status == SyncImageStatus.Copied);

    /// <summary>Gets how many images were already at the destination.</summary>
    public int Skipped => Images.Count(i => i.Status == SyncImageStatus.SkippedUnchanged);

    /// <summary>Gets how many images a dry run would have copied.</summary>
    public int WouldCopy => Images.Count(i => i.Status == SyncImageStatus.WouldCopy);

    /// <summary>Gets how many images failed.</summary>
    public int Failed => Images.Count(i => i.Status == SyncImageStatus.Failed);

    /// <summary>Gets how many destination tags were deleted.</summary>
    public int Pruned => Images.Count(i => i.Status == SyncImageStatus.Pruned);

    /// <summary>Gets how many destination tags a dry run would delete.</summary>
    public int WouldPrune => Images.Count(i => i.Status == SyncImageStatus.WouldPrune);

    /// <summary>Gets how many images were not started because a source's pull budget ran low.</summary>
    public int Deferred => Images.Count(i => i.Status == SyncImageStatus.Deferred);

    /// <summary>Gets the pull budgets the source registries announced, as last seen; empty when none did.</summary>
    public IReadOnlyList<Http.RegistryPullBudget> PullBudgets { get; init; } = [];

    /// <summary>Gets a value indicating whether no image or tag failed and none was deferred.</summary>
    public bool Succeeded => Failed == 0 && Deferred == 0;
}
