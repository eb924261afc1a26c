namespace OciRegistry.Client.Referrers;

/// <summary>
/// Reads the referrers of a manifest recursively (the signature of an SBOM of an image), within bounds: a referrer
/// that refers back to one of its own subjects (a loop that only a hand-written referrers index can make) and a tree
/// larger than <see cref="MaxReferrers"/> are errors, not endless reads.
/// </summary>
public static class ReferrerTree
{
    /// <summary>The most referrers read in one tree, at every depth together: 10,000.</summary>
    public const int MaxReferrers = 10_000;

    /// <summary>The deepest chain of referrers followed: 16.</summary>
    public const int MaxDepth = 16;

    /// <summary>Reads the referrers of <paramref name="subject"/>, and theirs, depth first.</summary>
    /// <param name="lister">Where the referrers are listed.</param>
    /// <param name="subject">The manifest whose referrers are read.</param>
    /// <param name="filter">
    /// Which referrers to return. The artifact types apply to the direct referrers of <paramref name="subject"/> only:
    /// below an SBOM that was asked for, its signatures are read whatever their type.
    /// </param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The direct referrers, each with its own below it.</returns>
    /// <exception cref="ReferrerGraphException">The referrers loop, go deeper than <see cref="MaxDepth"/>, or number more than <see cref="MaxReferrers"/>.</exception>
    /// <exception cref="OciRegistryException">A listing failed.</exception>
    public static async Task<IReadOnlyList<ReferrerNode>> ReadAsync(IReferrerLister lister, Digest subject, ReferrerFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lister);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(filter);
        var count = 0;
        return await ReadAsync(lister, [subject], filter, () => ++count, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<ReferrerNode>> ReadAsync(
        IReferrerLister lister, List<Digest> path, ReferrerFilter filter, Func<int> counted, CancellationToken cancellationToken)
    {
        var subject = path[^1];
        var referrers = new List<Referrer>();
        await foreach (var referrer in lister.ListReferrersAsync(subject, filter, cancellationToken).ConfigureAwait(false))
        {
            if (counted() > MaxReferrers)
            {
                throw new ReferrerGraphException(
                    $"{path[0]} has more than {MaxReferrers} referrers (counting their referrers too); reading stopped there. " +
                    "A referrers index that large is not read whole: ask for the artifact types wanted.");
            }

            var digest = referrer.Descriptor.Digest;
            if (path.Contains(digest))
            {
                throw new ReferrerGraphException(
                    $"The referrers loop: {string.Join(" → ", path.Select(d => d.ToString()))} → {digest}, listed as a referrer of {subject}, which it already refers to. " +
                    "A referrers index (or a referrers tag) lists a manifest among the referrers of its own referrer; fix or delete it.");
            }

            referrers.Add(referrer);
        }

        if (referrers.Count > 0 && path.Count > MaxDepth)
        {
            throw new ReferrerGraphException($"The referrers of {path[0]} go deeper than {MaxDepth} levels (down to {subject}); reading stopped there.");
        }

        var nodes = new List<ReferrerNode>(referrers.Count);
        var below = filter.ArtifactTypes.Count == 0 ? filter : filter with { ArtifactTypes = [] };
        foreach (var referrer in referrers)
        {
            path.Add(referrer.Descriptor.Digest);
            nodes.Add(new ReferrerNode(referrer, await ReadAsync(lister, path, below, counted, cancellationToken).ConfigureAwait(false)));
            path.RemoveAt(path.Count - 1);
        }

        return nodes;
    }
}
