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
    /// <summary>Whether a tag listed from a repository passes the command-line filters.</summary>
    public bool Selects(string tag) => (Include is null || Include.IsMatch(tag)) && (Exclude is null || !Exclude.IsMatch(tag));
}
