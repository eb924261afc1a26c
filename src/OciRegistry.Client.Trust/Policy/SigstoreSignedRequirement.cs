namespace OciRegistry.Client.Trust.Policy;

/// <summary>
/// <c>sigstoreSigned</c>: a sigstore signature (cosign's attachment convention) by one of the given public keys, by a
/// Fulcio certificate for the given issuer and subject, or by a certificate of the user's own PKI, for the manifest's
/// digest, naming an identity <see cref="SignedIdentity"/> accepts. Exactly one of the key forms, <see cref="Fulcio"/>
/// and <see cref="Pki"/> is set; Fulcio needs a Rekor key, and PKI takes none.
/// </summary>
/// <param name="KeyPath">The <c>keyPath</c>: one public key file.</param>
/// <param name="KeyPaths">The <c>keyPaths</c>: public key files, any of which may sign; empty when not given.</param>
/// <param name="KeyData">The <c>keyData</c>: one public key (PEM bytes), empty when not given.</param>
/// <param name="KeyDatas">The <c>keyDatas</c>: public keys (PEM bytes each); empty when not given.</param>
/// <param name="Fulcio">The <c>fulcio</c> object, or <see langword="null"/>.</param>
/// <param name="Pki">The <c>pki</c> object, or <see langword="null"/>.</param>
/// <param name="RekorPublicKeyPath">The <c>rekorPublicKeyPath</c>.</param>
/// <param name="RekorPublicKeyPaths">The <c>rekorPublicKeyPaths</c>; empty when not given.</param>
/// <param name="RekorPublicKeyData">The <c>rekorPublicKeyData</c> (PEM bytes), empty when not given.</param>
/// <param name="RekorPublicKeyDatas">The <c>rekorPublicKeyDatas</c>; empty when not given.</param>
/// <param name="SignedIdentity">The identities accepted.</param>
internal sealed record SigstoreSignedRequirement(
    string? KeyPath,
    IReadOnlyList<string> KeyPaths,
    ReadOnlyMemory<byte> KeyData,
    IReadOnlyList<ReadOnlyMemory<byte>> KeyDatas,
    FulcioRequirement? Fulcio,
    PkiRequirement? Pki,
    string? RekorPublicKeyPath,
    IReadOnlyList<string> RekorPublicKeyPaths,
    ReadOnlyMemory<byte> RekorPublicKeyData,
    IReadOnlyList<ReadOnlyMemory<byte>> RekorPublicKeyDatas,
    SignedIdentity SignedIdentity) : PolicyRequirement
{
    public const string Name = "sigstoreSigned";

    public override string Type => Name;

    /// <summary>Gets whether any Rekor public key is given.</summary>
    public bool HasRekorKey =>
        RekorPublicKeyPath is not null || RekorPublicKeyPaths.Count > 0 || !RekorPublicKeyData.IsEmpty || RekorPublicKeyDatas.Count > 0;
}

/// <summary>The <c>fulcio</c> object of a <c>sigstoreSigned</c> requirement.</summary>
/// <param name="CaPath">The <c>caPath</c>: the Fulcio CA certificates file, or <see langword="null"/>.</param>
/// <param name="CaData">The <c>caData</c>: the CA certificates (PEM bytes), empty when <paramref name="CaPath"/> is used.</param>
/// <param name="OidcIssuer">The <c>oidcIssuer</c> the certificate must name.</param>
/// <param name="SubjectEmail">The <c>subjectEmail</c> the certificate must name.</param>
internal sealed record FulcioRequirement(string? CaPath, ReadOnlyMemory<byte> CaData, string OidcIssuer, string SubjectEmail);

/// <summary>
/// The <c>pki</c> object of a <c>sigstoreSigned</c> requirement: the signing certificate must chain to one of the roots
/// (through the given intermediates or those the signature carries) and name the subject email, the hostname, or both.
/// </summary>
/// <param name="CaRootsPath">The <c>caRootsPath</c>: the trusted root certificates file, or <see langword="null"/>.</param>
/// <param name="CaRootsData">The <c>caRootsData</c>: the root certificates (PEM bytes), empty when <paramref name="CaRootsPath"/> is used.</param>
/// <param name="CaIntermediatesPath">The <c>caIntermediatesPath</c>: trusted intermediate certificates, or <see langword="null"/>.</param>
/// <param name="CaIntermediatesData">The <c>caIntermediatesData</c> (PEM bytes), empty when not given.</param>
/// <param name="SubjectEmail">The <c>subjectEmail</c> the certificate must name, or <see langword="null"/>.</param>
/// <param name="SubjectHostname">The <c>subjectHostname</c> the certificate must be valid for, or <see langword="null"/>.</param>
internal sealed record PkiRequirement(
    string? CaRootsPath,
    ReadOnlyMemory<byte> CaRootsData,
    string? CaIntermediatesPath,
    ReadOnlyMemory<byte> CaIntermediatesData,
    string? SubjectEmail,
    string? SubjectHostname);
