using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OciRegistry.Client.Trust.Sigstore.Verification;

/// <summary>
/// What a keyless (Fulcio-issued) signing certificate must satisfy: chain to one of these CA certificates, and record
/// this OIDC issuer and this subject email address. Built from a policy's <c>fulcio</c> object (<c>caPath</c> or
/// <c>caData</c>, <c>oidcIssuer</c>, <c>subjectEmail</c>).
/// </summary>
public sealed class FulcioTrustRoot
{
    private FulcioTrustRoot(IReadOnlyList<X509Certificate2> certificateAuthorities, string oidcIssuer, string subjectEmail)
    {
        CertificateAuthorities = certificateAuthorities;
        OidcIssuer = oidcIssuer;
        SubjectEmail = subjectEmail;
    }

    /// <summary>Gets the trusted CA certificates (roots, or intermediates trusted directly).</summary>
    public IReadOnlyList<X509Certificate2> CertificateAuthorities { get; }

    /// <summary>Gets the OIDC issuer the certificate must record.</summary>
    public string OidcIssuer { get; }

    /// <summary>Gets the email address the certificate must be issued for.</summary>
    public string SubjectEmail { get; }

    /// <summary>Creates a trust root from PEM CA certificates.</summary>
    /// <param name="certificateAuthoritiesPem">One or more PEM <c>CERTIFICATE</c> blocks.</param>
    /// <param name="oidcIssuer">The required OIDC issuer, for example <c>https://github.com/login/oauth</c>.</param>
    /// <param name="subjectEmail">The required subject email address.</param>
    /// <param name="source">Names the CA data in messages, for example its path.</param>
    /// <returns>The trust root.</returns>
    /// <exception cref="FormatException">The PEM holds no certificate, or the issuer or email is empty.</exception>
    public static FulcioTrustRoot FromPem(string certificateAuthoritiesPem, string oidcIssuer, string subjectEmail, string source)
    {
        ArgumentNullException.ThrowIfNull(certificateAuthoritiesPem);
        ArgumentNullException.ThrowIfNull(source);
        if (string.IsNullOrEmpty(oidcIssuer))
        {
            throw new FormatException("a Fulcio trust root needs an OIDC issuer");
        }

        if (string.IsNullOrEmpty(subjectEmail))
        {
            throw new FormatException("a Fulcio trust root needs a subject email");
        }

        var certificates = ReadCertificates(certificateAuthoritiesPem, source);
        if (certificates.Count == 0)
        {
            throw new FormatException($"{source}: no PEM CERTIFICATE block found");
        }

        return new FulcioTrustRoot(certificates, oidcIssuer, subjectEmail);
    }

    internal static List<X509Certificate2> ReadCertificates(string pem, string source)
    {
        var certificates = new List<X509Certificate2>();
        var rest = pem.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            var block = rest.Span;
            if (block[fields.Label] is "CERTIFICATE")
            {
                try
                {
                    certificates.Add(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(block[fields.Base64Data].ToString())));
                }
                catch (CryptographicException e)
                {
                    throw new FormatException($"{source}: a CERTIFICATE block cannot be parsed: {e.Message}", e);
                }
            }

            rest = rest[fields.Location.End..];
        }

        return certificates;
    }
}
