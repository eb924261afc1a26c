using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OciRegistry.Client.Trust.Sigstore.Verification;

/// <summary>
/// Builds a signing certificate's chain to the roots a policy names, for Fulcio and for <c>pki</c> alike: only those
/// roots end a chain (no system store, no downloads, no revocation), the leaf must allow code signing at the given
/// time, and the signature's chain annotation offers intermediates without its last entry, the root the signer claims.
/// </summary>
internal static class CodeSigningChain
{
    private const string CodeSigningOid = "1.3.6.1.5.5.7.3.3";

    /// <summary>Verifies the chain; throws <see cref="SigstoreSignatureRejectedException"/> naming why it fails.</summary>
    /// <param name="leaf">The signing certificate.</param>
    /// <param name="roots">The roots the policy trusts.</param>
    /// <param name="intermediates">Intermediates the policy names.</param>
    /// <param name="chainPem">The signature's <c>dev.sigstore.cosign/chain</c> annotation, if any.</param>
    /// <param name="time">The time the chain must be valid at.</param>
    /// <param name="certificateName">How messages name the certificate ("the Fulcio certificate").</param>
    /// <param name="timeName">How messages name <paramref name="time"/> (", when Rekor recorded the signature"), or empty.</param>
    public static void Verify(
        X509Certificate2 leaf,
        IEnumerable<X509Certificate2> roots,
        IEnumerable<X509Certificate2> intermediates,
        string? chainPem,
        DateTimeOffset time,
        string certificateName,
        string timeName)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots.ToArray());
        chain.ChainPolicy.ExtraStore.AddRange(intermediates.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = time.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(CodeSigningOid));
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (!string.IsNullOrEmpty(chainPem))
        {
            List<X509Certificate2> offered;
            try
            {
                offered = FulcioTrustRoot.ReadCertificates(chainPem, "the signature's certificate chain");
            }
            catch (FormatException e)
            {
                throw new SigstoreSignatureRejectedException(SigstoreRejectionReason.CertificateInvalid, e.Message, e);
            }

            for (var i = 0; i < offered.Count - 1; i++)
            {
                chain.ChainPolicy.ExtraStore.Add(offered[i]);
            }
        }

        if (chain.Build(leaf))
        {
            return;
        }

        var statuses = chain.ChainStatus.Select(s => s.Status).Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s);
        var details = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        if ((statuses & X509ChainStatusFlags.NotTimeValid) != 0)
        {
            throw new SigstoreSignatureRejectedException(
                SigstoreRejectionReason.CertificateExpired,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{certificateName} chain was not valid at {time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}{timeName} (the certificate is valid {leaf.NotBefore.ToUniversalTime():yyyy-MM-dd'T'HH:mm:ss'Z'} to {leaf.NotAfter.ToUniversalTime():yyyy-MM-dd'T'HH:mm:ss'Z'})"));
        }

        throw new SigstoreSignatureRejectedException(
            SigstoreRejectionReason.CertificateUntrusted,
            $"{certificateName} does not chain to a trusted root for code signing ({details})");
    }
}
