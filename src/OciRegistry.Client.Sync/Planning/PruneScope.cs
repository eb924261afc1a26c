namespace OciRegistry.Client.Sync.Planning;

/// <summary>
/// A destination repository a sync may prune: every tag its listed sources hold (mapped to destination tags, filtered
/// out or not), which therefore stay; any other tag there has left the source.
/// </summary>
/// <param name="Repository">The destination repository.</param>
/// <param name="Keep">The destination tags that exist at the source.</param>
internal sealed record PruneScope(ImageReference Repository, IReadOnlySet<string> Keep);
