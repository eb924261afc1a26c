using OciRegistry.Client.Models;

namespace OciRegistry.Client.Referrers;

/// <summary>One manifest that refers to another: a signature, an SBOM, an attestation or any other artifact.</summary>
/// <param name="Descriptor">
/// The referrer's descriptor: media type, digest, size, artifact type and annotations as the referrers index lists
/// them; for a cosign attachment, its manifest's descriptor with cosign's artifact type when the manifest gives none.
/// </param>
/// <param name="Kind">How the referrer was found.</param>
/// <param name="Tag">The cosign tag it is stored under (<see cref="ReferrerKind.CosignTag"/>); otherwise <see langword="null"/>.</param>
public sealed record Referrer(Descriptor Descriptor, ReferrerKind Kind, string? Tag = null);
