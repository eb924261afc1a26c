namespace OciRegistry.Client.Trust.Policy;

/// <summary>
/// <c>sigstoreSigned</c>: a sigstore signature (cosign's attachment convention) by one of the given public keys, or
/// by a Fulcio certificate for the given issuer and subject, for the manifest's digest, naming an identity
/// <see cref="SignedIdentity"/> accepts. Exactly one of the key forms and <see cref="Fulcio"/> is set; Fulcio needs a
/// Rekor key.
/// </summary>
/// <param name="KeyPath">The <c>keyPath</c>: one public key file.</param>
/// <param name="KeyPaths">The <c>keyPaths</c>: public key files, any of which may sign; empty when not given.</param>
/// <param name="KeyData">The <c>keyData</c>: one public key (PEM bytes), empty when not given.</param>
/// <param name="KeyDatas">The <c>keyDatas</c>: public keys (PEM bytes each); empty when not given.</param>
/// <param name="Fulcio">The <c>fulcio</c> object, or <see langword="null"/>.</param>
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
