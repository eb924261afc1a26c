using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy;

/// <summary>
/// BuildKit's attestation manifests: entries of an index (platform <c>unknown/unknown</c>) that carry an image's
/// provenance and SBOM and name that image by annotation instead of by <c>subject</c>. A platform subset keeps the
/// attestations of the images it keeps, so the evidence stays with what it describes.
/// </summary>
internal static class AttestationManifests
{
    internal const string ReferenceTypeAnnotation = "vnd.docker.reference.type";
    internal const string ReferenceDigestAnnotation = "vnd.docker.reference.digest";
    internal const string AttestationManifestType = "attestation-manifest";

    /// <summary>The digest of the image an index entry attests, or null when the entry is not an attestation manifest.</summary>
    internal static string? AttestedImage(Descriptor entry) =>
        entry.Annotations is { } annotations
        && annotations.TryGetValue(ReferenceTypeAnnotation, out var type)
        && string.Equals(type, AttestationManifestType, StringComparison.Ordinal)
        && annotations.TryGetValue(ReferenceDigestAnnotation, out var digest)
            ? digest
            : null;

    /// <summary>
    /// The entries of <paramref name="all"/> that are in <paramref name="kept"/> or attest one of them, in the index's order.
    /// </summary>
    internal static IReadOnlyList<Descriptor> WithAttestationsOf(IReadOnlyList<Descriptor> all, IReadOnlyList<Descriptor> kept)
    {
        var keptDigests = kept.Select(e => e.Digest.ToString()).ToHashSet(StringComparer.Ordinal);
        return [.. all.Where(e => kept.Contains(e) || (AttestedImage(e) is { } image && keptDigests.Contains(image)))];
    }
}
