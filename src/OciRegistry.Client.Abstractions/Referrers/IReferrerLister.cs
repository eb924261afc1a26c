namespace OciRegistry.Client.Referrers;

/// <summary>Lists what refers to a manifest: OCI referrers (manifests whose <c>subject</c> it is) and cosign's tagged attachments.</summary>
public interface IReferrerLister
{
    /// <summary>Lists the direct referrers of a manifest (not the referrers of those); pages are fetched as the caller iterates.</summary>
    /// <param name="subject">The digest of the manifest referred to.</param>
    /// <param name="filter">Which referrers to return.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The referrers: those with a subject first, in the store's order, then cosign's attachments (signature, attestation, SBOM).</returns>
    /// <exception cref="OciRegistryException">The store refused the listing or answered something unreadable.</exception>
    IAsyncEnumerable<Referrer> ListReferrersAsync(Digest subject, ReferrerFilter filter, CancellationToken cancellationToken = default);
}
