using OciRegistry.Client.Referrers;

namespace OciRegistry.Client.Sync.Engine;

/// <summary>
/// Whether an image the destination already holds lacks referrers the source has: a new SBOM or signature on an
/// unchanged image makes the image due for a copy (whose blobs and manifests are then found present, so only the
/// referrers move). One listing of the direct referrers on each side; deeper referrers are compared when the image
/// is copied.
/// </summary>
internal static class ReferrerChanges
{
    /// <summary>Tells whether every direct referrer of <paramref name="subject"/> at the source is at the destination too.</summary>
    public static async Task<bool> AllPresentAsync(IReferrerLister source, IReferrerLister destination, Digest subject, CopyOptionsView options, CancellationToken cancellationToken)
    {
        var filter = new ReferrerFilter { ArtifactTypes = options.ArtifactTypes, ExcludedArtifactTypes = options.ExcludedArtifactTypes };
        var wanted = new HashSet<Digest>();
        await foreach (var referrer in source.ListReferrersAsync(subject, filter, cancellationToken).ConfigureAwait(false))
        {
            wanted.Add(referrer.Descriptor.Digest);
        }

        if (wanted.Count == 0)
        {
            return true;
        }

        await foreach (var referrer in destination.ListReferrersAsync(subject, filter, cancellationToken).ConfigureAwait(false))
        {
            wanted.Remove(referrer.Descriptor.Digest);
        }

        return wanted.Count == 0;
    }

    /// <summary>The referrer options of a sync's copies.</summary>
    /// <param name="ArtifactTypes">The artifact types copied; empty for all.</param>
    /// <param name="ExcludedArtifactTypes">The artifact types left behind.</param>
    internal sealed record CopyOptionsView(IReadOnlyList<string> ArtifactTypes, IReadOnlyList<string> ExcludedArtifactTypes);
}
