using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace OciRegistry.Client.Trust.Sigstore.Verification;

/// <summary>
/// Checks a signing certificate against a <see cref="PkiTrustRoot"/>, as containers/image's <c>pki</c> requirement
/// does: the chain (the policy's intermediates and the signature's chain annotation without its last entry, which is
/// the signer's claimed root; only the policy's roots end a chain) must be valid at the verification time and allow code
/// signing; then the email subject alternative name, then the hostname. There is no Rekor time here: a PKI
/// certificate is checked at the time of verification, so an expired signing certificate stops every signature it made
/// from being accepted.
/// </summary>
internal static class PkiCertificate
{
    /// <summary>Verifies the certificate; returns its public key.</summary>
    public static SigstorePublicKey Verify(PkiTrustRoot trustRoot, X509Certificate2 leaf, string? chainPem, DateTimeOffset time)
    {
        CodeSigningChain.Verify(leaf, trustRoot.Roots, trustRoot.Intermediates, chainPem, time, $"the signing certificate \"{leaf.Subject}\"", string.Empty);

        if (trustRoot.SubjectEmail is { } email)
        {
            var emails = FulcioCertificate.EmailAddresses(leaf);
            if (!emails.Contains(email, StringComparer.Ordinal))
            {
                throw new SigstoreSignatureRejectedException(
                    SigstoreRejectionReason.SubjectMismatch,
                    $"the signing certificate was issued for [{string.Join(", ", emails)}], not \"{email}\"");
            }
        }

        if (trustRoot.SubjectHostname is { } hostname && !MatchesHostname(leaf, hostname))
        {
            throw new SigstoreSignatureRejectedException(
                SigstoreRejectionReason.HostnameMismatch,
                $"the signing certificate is not valid for host \"{hostname}\" (it names [{string.Join(", ", HostNames(leaf))}])");
        }

        return SigstorePublicKey.FromSubjectPublicKeyInfo(leaf.PublicKey.ExportSubjectPublicKeyInfo(), $"the certificate \"{leaf.Subject}\"");
    }

    /// <summary>
    /// Whether the certificate's subject alternative names cover the host, as Go's <c>VerifyHostname</c> decides: an
    /// IP address against the IP names only; a DNS name case-insensitively against the DNS names, a leading <c>*.</c>
    /// standing for exactly one label. The subject's common name is never consulted.
    /// </summary>
    internal static bool MatchesHostname(X509Certificate2 certificate, string hostname)
    {
        var host = hostname.Length > 2 && hostname[0] == '[' && hostname[^1] == ']' ? hostname[1..^1] : hostname;
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().ToList();
        if (IPAddress.TryParse(host, out var address))
        {
            return names.SelectMany(n => n.EnumerateIPAddresses()).Any(a => a.Equals(address));
        }

        var candidate = host.TrimEnd('.');
        foreach (var pattern in names.SelectMany(n => n.EnumerateDnsNames()))
        {
            var name = pattern.TrimEnd('.');
            if (string.Equals(name, candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (name.StartsWith("*.", StringComparison.Ordinal) && name.Length > 2 && !name[2..].Contains('*', StringComparison.Ordinal))
            {
                var dot = candidate.IndexOf('.', StringComparison.Ordinal);
                if (dot > 0 && string.Equals(candidate[(dot + 1)..], name[2..], StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static IEnumerable<string> HostNames(X509Certificate2 certificate)
    {
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().ToList();
        return names.SelectMany(n => n.EnumerateDnsNames())
            .Concat(names.SelectMany(n => n.EnumerateIPAddresses()).Select(a => a.ToString()));
    }
}
