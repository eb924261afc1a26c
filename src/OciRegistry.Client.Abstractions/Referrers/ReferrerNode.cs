namespace OciRegistry.Client.Referrers;

/// <summary>A referrer and, below it, what refers to it in turn.</summary>
/// <param name="Referrer">The referrer.</param>
/// <param name="Referrers">The referrers of <paramref name="Referrer"/>, read the same way.</param>
public sealed record ReferrerNode(Referrer Referrer, IReadOnlyList<ReferrerNode> Referrers)
{
    /// <summary>Gets this node and every node below it, parents before their referrers.</summary>
    public IEnumerable<ReferrerNode> DepthFirst => Referrers.SelectMany(r => r.DepthFirst).Prepend(this);
}
