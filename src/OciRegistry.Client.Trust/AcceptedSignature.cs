namespace OciRegistry.Client.Trust;

/// <summary>A signature a trust policy accepted for an image.</summary>
/// <param name="Kind">What kind of signature it is: <c>simple-signing</c> (OpenPGP) or <c>sigstore</c>.</param>
/// <param name="Signer">Who signed: an OpenPGP key fingerprint, a public key's description, or a certificate's subject and issuer.</param>
/// <param name="Identity">The Docker reference the signature names.</param>
/// <param name="ManifestDigest">The manifest digest the signature names.</param>
public sealed record AcceptedSignature(string Kind, string Signer, string Identity, Digest ManifestDigest);
