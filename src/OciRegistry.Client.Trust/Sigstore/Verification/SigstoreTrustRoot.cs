namespace OciRegistry.Client.Trust.Sigstore.Verification;

/// <summary>
/// What a sigstore signature must be checked against, as a policy's <c>sigstoreSigned</c> requirement states it: public
/// keys (optionally with Rekor keys, and then every signature must carry a Rekor bundle for one of the keys), a Fulcio
/// trust root for keyless signatures (which always needs Rekor keys: the Rekor time is what the short-lived certificate
/// is checked at), or a PKI trust root for certificates of the user's own CA (no Rekor; checked at verification time).
/// </summary>
public sealed class SigstoreTrustRoot
{
    private SigstoreTrustRoot(IReadOnlyList<SigstorePublicKey> publicKeys, FulcioTrustRoot? fulcio, PkiTrustRoot? pki, IReadOnlyList<SigstorePublicKey> rekorPublicKeys)
    {
        PublicKeys = publicKeys;
        Fulcio = fulcio;
        Pki = pki;
        RekorPublicKeys = rekorPublicKeys;
    }

    /// <summary>Gets the trusted signing keys (empty for keyless signatures).</summary>
    public IReadOnlyList<SigstorePublicKey> PublicKeys { get; }

    /// <summary>Gets the Fulcio trust root for keyless signatures, or <see langword="null"/>.</summary>
    public FulcioTrustRoot? Fulcio { get; }

    /// <summary>Gets the PKI trust root for certificates of the user's own CA, or <see langword="null"/>.</summary>
    public PkiTrustRoot? Pki { get; }

    /// <summary>Gets the trusted Rekor keys (empty when Rekor is not required).</summary>
    public IReadOnlyList<SigstorePublicKey> RekorPublicKeys { get; }

    /// <summary>Trusts signatures made by any of these keys.</summary>
    /// <param name="publicKeys">The signing keys; at least one.</param>
    /// <param name="rekorPublicKeys">Rekor keys; when given, each signature must carry a Rekor bundle signed by one of them.</param>
    /// <returns>The trust root.</returns>
    public static SigstoreTrustRoot ForPublicKeys(IReadOnlyList<SigstorePublicKey> publicKeys, IReadOnlyList<SigstorePublicKey>? rekorPublicKeys = null)
    {
        ArgumentNullException.ThrowIfNull(publicKeys);
        if (publicKeys.Count == 0)
        {
            throw new ArgumentException("At least one public key is needed.", nameof(publicKeys));
        }

        return new SigstoreTrustRoot(publicKeys, null, null, CheckRekorKeys(rekorPublicKeys ?? []));
    }

    /// <summary>Trusts keyless signatures whose Fulcio certificate satisfies <paramref name="fulcio"/>, logged in Rekor.</summary>
    /// <param name="fulcio">The CA, OIDC issuer and subject the certificate must have.</param>
    /// <param name="rekorPublicKeys">The Rekor keys; at least one.</param>
    /// <returns>The trust root.</returns>
    public static SigstoreTrustRoot ForFulcio(FulcioTrustRoot fulcio, IReadOnlyList<SigstorePublicKey> rekorPublicKeys)
    {
        ArgumentNullException.ThrowIfNull(fulcio);
        ArgumentNullException.ThrowIfNull(rekorPublicKeys);
        if (rekorPublicKeys.Count == 0)
        {
            throw new ArgumentException("Fulcio certificates are only checked with a Rekor public key.", nameof(rekorPublicKeys));
        }

        return new SigstoreTrustRoot([], fulcio, null, CheckRekorKeys(rekorPublicKeys));
    }

    /// <summary>Trusts signatures whose certificate (the <c>dev.sigstore.cosign/certificate</c> annotation) satisfies <paramref name="pki"/>.</summary>
    /// <param name="pki">The roots, intermediates and subject the certificate must have.</param>
    /// <returns>The trust root.</returns>
    public static SigstoreTrustRoot ForPki(PkiTrustRoot pki)
    {
        ArgumentNullException.ThrowIfNull(pki);
        return new SigstoreTrustRoot([], null, pki, []);
    }

    private static IReadOnlyList<SigstorePublicKey> CheckRekorKeys(IReadOnlyList<SigstorePublicKey> keys)
    {
        foreach (var key in keys)
        {
            if (!key.IsEcdsa)
            {
                throw new ArgumentException($"The Rekor public key {key.Source} is not an ECDSA key.", nameof(keys));
            }
        }

        return keys;
    }
}
