using OciRegistry.Client.Trust.Signatures;

namespace OciRegistry.Client.Trust.Verification;

/// <summary>The image whose signatures a requirement verifier checks.</summary>
/// <param name="Image">The image as the copy engine (or a direct evaluation) gives it: its location, the store it is read from, the resolved manifest.</param>
/// <param name="Description">The image as messages name it (its location as written).</param>
/// <param name="Identity">The image's Docker reference (with tag or digest) that <c>signedIdentity</c> is matched against; <see langword="null"/> when the transport has none.</param>
/// <param name="ManifestDigest">The digest every accepted signature must name.</param>
/// <param name="Storage">Where signatures of the image live, from registries.d.</param>
internal sealed record SignatureSubject(
    ImageTrustSubject Image,
    string Description,
    ImageReference? Identity,
    Digest ManifestDigest,
    SignatureStorage Storage);
