namespace OciRegistry.Client.Trust.Sigstore.Verification;

/// <summary>
/// Verifies one sigstore image signature offline, as containers/image's <c>sigstoreSigned</c> requirement does: the
/// Rekor bundle and the Fulcio or PKI certificate first when the trust root asks for them (they decide which key the
/// signature is checked with), then the ECDSA or RSA signature over the exact payload bytes, then the payload's
/// manifest digest and signed identity.
/// </summary>
public static class SigstoreVerifier
{
    /// <summary>The largest payload verified (4 MiB, containers/image's limit for a signature); larger ones are refused unread.</summary>
    public const int MaximumPayloadSize = 4 * 1024 * 1024;

    /// <summary>Verifies a signature now (PKI certificates are checked at the current time).</summary>
    /// <param name="trustRoot">The keys, or Fulcio and Rekor roots, or PKI roots, to trust.</param>
    /// <param name="signature">The untrusted signature.</param>
    /// <param name="manifestDigest">The digest of the manifest the signature must be for.</param>
    /// <param name="isIdentityAccepted">Whether the signed docker reference is acceptable for the image (the policy's <c>signedIdentity</c>).</param>
    /// <returns>The accepted signature.</returns>
    /// <exception cref="SigstoreSignatureRejectedException">The signature is not accepted; <see cref="SigstoreSignatureRejectedException.Reason"/> says why.</exception>
    public static SigstoreVerifiedSignature Verify(
        SigstoreTrustRoot trustRoot,
        SigstoreSignature signature,
        Digest manifestDigest,
        Func<string, bool> isIdentityAccepted) =>
        Verify(trustRoot, signature, manifestDigest, isIdentityAccepted, DateTimeOffset.UtcNow);

    /// <summary>Verifies a signature as of a given time.</summary>
    /// <param name="trustRoot">The keys, or Fulcio and Rekor roots, or PKI roots, to trust.</param>
    /// <param name="signature">The untrusted signature.</param>
    /// <param name="manifestDigest">The digest of the manifest the signature must be for.</param>
    /// <param name="isIdentityAccepted">Whether the signed docker reference is acceptable for the image (the policy's <c>signedIdentity</c>).</param>
    /// <param name="now">The time a PKI certificate chain must be valid at. Keyless (Fulcio) certificates are checked at the Rekor time instead.</param>
    /// <returns>The accepted signature.</returns>
    /// <exception cref="SigstoreSignatureRejectedException">The signature is not accepted; <see cref="SigstoreSignatureRejectedException.Reason"/> says why.</exception>
    public static SigstoreVerifiedSignature Verify(
        SigstoreTrustRoot trustRoot,
        SigstoreSignature signature,
        Digest manifestDigest,
        Func<string, bool> isIdentityAccepted,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(trustRoot);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(manifestDigest);
        ArgumentNullException.ThrowIfNull(isIdentityAccepted);

        var payload = signature.Payload.Span;
        if (payload.Length > MaximumPayloadSize)
        {
            throw new SigstoreSignatureRejectedException(
                SigstoreRejectionReason.PayloadTooLarge,
                $"the signature payload is {payload.Length} bytes, more than the {MaximumPayloadSize} accepted");
        }

        if (!signature.Annotations.TryGetValue(SigstoreAnnotations.Signature, out var base64Signature))
        {
            throw new SigstoreSignatureRejectedException(SigstoreRejectionReason.MissingSignature, $"missing {SigstoreAnnotations.Signature} annotation");
        }

        byte[] signatureBytes;
        try
        {
            signatureBytes = Convert.FromBase64String(base64Signature);
        }
        catch (FormatException e)
        {
            throw new SigstoreSignatureRejectedException(SigstoreRejectionReason.MissingSignature, $"the {SigstoreAnnotations.Signature} annotation is not base64", e);
        }

        IReadOnlyList<SigstorePublicKey> candidates;
        string? certificateSigner = null;
        DateTimeOffset? loggedAt = null;
        if (trustRoot.Fulcio is { } fulcio)
        {
            var bundle = RequireBundle(signature);
            if (!signature.Annotations.TryGetValue(SigstoreAnnotations.Certificate, out var certificatePem))
            {
                throw new SigstoreSignatureRejectedException(SigstoreRejectionReason.CertificateInvalid, $"missing {SigstoreAnnotations.Certificate} annotation");
            }

            using var leaf = FulcioCertificate.ParseLeaf(certificatePem);
            var time = RekorBundle.Verify(trustRoot.RekorPublicKeys, bundle, leaf.RawData, signatureBytes, payload);
            signature.Annotations.TryGetValue(SigstoreAnnotations.Chain, out var chainPem);
            candidates = [FulcioCertificate.Verify(fulcio, leaf, chainPem, time)];
            certificateSigner = $"{fulcio.SubjectEmail} (OIDC issuer {fulcio.OidcIssuer})";
            loggedAt = time;
        }
        else if (trustRoot.Pki is { } pki)
        {
            if (!signature.Annotations.TryGetValue(SigstoreAnnotations.Certificate, out var certificatePem))
            {
                throw new SigstoreSignatureRejectedException(SigstoreRejectionReason.CertificateInvalid, $"missing {SigstoreAnnotations.Certificate} annotation");
            }

            using var leaf = FulcioCertificate.ParseLeaf(certificatePem);
            signature.Annotations.TryGetValue(SigstoreAnnotations.Chain, out var chainPem);
            candidates = [PkiCertificate.Verify(pki, leaf, chainPem, now)];
            certificateSigner = $"{pki} (certificate \"{leaf.Subject}\")";
        }
        else if (trustRoot.RekorPublicKeys.Count > 0)
        {
            var bundle = RequireBundle(signature);
            var failures = new List<SigstoreSignatureRejectedException>();
            SigstorePublicKey? logged = null;
            foreach (var key in trustRoot.PublicKeys)
            {
                try
                {
                    loggedAt = RekorBundle.Verify(trustRoot.RekorPublicKeys, bundle, key.SubjectPublicKeyInfo.Span, signatureBytes, payload);
                    logged = key;
                    break;
                }
                catch (SigstoreSignatureRejectedException e)
                {
                    failures.Add(e);
                }
            }

            if (logged is null)
            {
                // A bundle that is itself invalid says so; otherwise it is for a key the policy does not trust.
                var first = failures.Find(f => f.Reason == SigstoreRejectionReason.RekorBundleInvalid) ?? failures[0];
                throw new SigstoreSignatureRejectedException(
                    first.Reason,
                    "no trusted public key verified against the Rekor bundle: " + string.Join("; ", failures.Select(f => f.Message).Distinct()));
            }

            candidates = [logged];
        }
        else
        {
            candidates = trustRoot.PublicKeys;
        }

        SigstorePublicKey? signer = null;
        foreach (var key in candidates)
        {
            if (key.VerifyData(payload, signatureBytes))
            {
                signer = key;
                break;
            }
        }

        if (signer is null)
        {
            throw new SigstoreSignatureRejectedException(
                SigstoreRejectionReason.SignatureInvalid,
                $"cryptographic signature verification failed with {string.Join(", ", candidates.Select(c => c.ToString()))}");
        }

        SigstorePayload parsed;
        try
        {
            parsed = SigstorePayload.Parse(payload);
        }
        catch (FormatException e)
        {
            throw new SigstoreSignatureRejectedException(SigstoreRejectionReason.PayloadInvalid, $"invalid signature payload: {e.Message}", e);
        }

        if (parsed.ManifestDigest != manifestDigest)
        {
            throw new SigstoreSignatureRejectedException(
                SigstoreRejectionReason.DigestMismatch,
                $"signature for digest {parsed.ManifestDigest} does not match the image's {manifestDigest}");
        }

        if (!isIdentityAccepted(parsed.DockerReference))
        {
            throw new SigstoreSignatureRejectedException(
                SigstoreRejectionReason.IdentityMismatch,
                $"signature for identity \"{parsed.DockerReference}\" is not accepted");
        }

        return new SigstoreVerifiedSignature(parsed, certificateSigner ?? signer.ToString(), loggedAt);
    }

    private static string RequireBundle(SigstoreSignature signature) =>
        signature.Annotations.TryGetValue(SigstoreAnnotations.Bundle, out var bundle)
            ? bundle
            : throw new SigstoreSignatureRejectedException(SigstoreRejectionReason.RekorBundleMissing, $"missing {SigstoreAnnotations.Bundle} annotation");
}
