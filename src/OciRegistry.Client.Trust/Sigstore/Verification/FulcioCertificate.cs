using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace OciRegistry.Client.Trust.Sigstore.Verification;

/// <summary>
/// Checks a keyless signing certificate against a <see cref="FulcioTrustRoot"/> at the time Rekor recorded the
/// signature: the chain (the signature's intermediates, trusted CAs only as roots) must be valid at that time and allow
/// code signing; the OIDC issuer extension and the email subject alternative name must be the required ones. The OIDs
/// are Fulcio's (1.3.6.1.4.1.57264.1.1, the issuer as raw bytes; 1.3.6.1.4.1.57264.1.8, the issuer as a DER
/// UTF8String); when both are present they must agree.
/// </summary>
internal static class FulcioCertificate
{
    internal const string IssuerV1Oid = "1.3.6.1.4.1.57264.1.1";
    internal const string IssuerV2Oid = "1.3.6.1.4.1.57264.1.8";
    private const string SubjectAlternativeNameOid = "2.5.29.17";

    /// <summary>Parses the certificate annotation: exactly one PEM certificate.</summary>
    public static X509Certificate2 ParseLeaf(string pem)
    {
        List<X509Certificate2> certificates;
        try
        {
            certificates = FulcioTrustRoot.ReadCertificates(pem, "the signing certificate");
        }
        catch (FormatException e)
        {
            throw new SigstoreSignatureRejectedException(SigstoreRejectionReason.CertificateInvalid, e.Message, e);
        }

        return certificates.Count switch
        {
            0 => throw new SigstoreSignatureRejectedException(SigstoreRejectionReason.CertificateInvalid, "no certificate found in the signature's certificate annotation"),
            1 => certificates[0],
            _ => throw new SigstoreSignatureRejectedException(SigstoreRejectionReason.CertificateInvalid, "the signature's certificate annotation holds more than one certificate"),
        };
    }

    /// <summary>Verifies the certificate; returns its public key.</summary>
    public static SigstorePublicKey Verify(FulcioTrustRoot trustRoot, X509Certificate2 leaf, string? chainPem, DateTimeOffset time)
    {
        CodeSigningChain.Verify(leaf, trustRoot.CertificateAuthorities, [], chainPem, time, "the Fulcio certificate", ", when Rekor recorded the signature");

        var issuer = OidcIssuer(leaf);
        if (!string.Equals(issuer, trustRoot.OidcIssuer, StringComparison.Ordinal))
        {
            throw new SigstoreSignatureRejectedException(
                SigstoreRejectionReason.OidcIssuerMismatch,
                $"the Fulcio certificate was issued for OIDC issuer \"{issuer}\", not \"{trustRoot.OidcIssuer}\"");
        }

        var emails = EmailAddresses(leaf);
        if (!emails.Contains(trustRoot.SubjectEmail, StringComparer.Ordinal))
        {
            throw new SigstoreSignatureRejectedException(
                SigstoreRejectionReason.SubjectMismatch,
                $"the Fulcio certificate was issued for [{string.Join(", ", emails)}], not \"{trustRoot.SubjectEmail}\"");
        }

        return SigstorePublicKey.FromSubjectPublicKeyInfo(leaf.PublicKey.ExportSubjectPublicKeyInfo(), "the Fulcio certificate");
    }


    internal static string OidcIssuer(X509Certificate2 certificate)
    {
        string? v1 = null, v2 = null;
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value == IssuerV1Oid)
            {
                v1 = Encoding.UTF8.GetString(extension.RawData);
            }
            else if (extension.Oid?.Value == IssuerV2Oid)
            {
                try
                {
                    var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
                    v2 = reader.ReadCharacterString(UniversalTagNumber.UTF8String);
                    reader.ThrowIfNotEmpty();
                }
                catch (AsnContentException e)
                {
                    throw new SigstoreSignatureRejectedException(SigstoreRejectionReason.CertificateInvalid, $"invalid ASN.1 in the Fulcio OIDC issuer (v2) extension: {e.Message}", e);
                }
            }
        }

        return (v1, v2) switch
        {
            (null, null) => throw new SigstoreSignatureRejectedException(SigstoreRejectionReason.CertificateInvalid, "the Fulcio certificate has no OIDC issuer extension"),
            ({ } a, { } b) when a != b => throw new SigstoreSignatureRejectedException(
                SigstoreRejectionReason.CertificateInvalid, $"the Fulcio certificate's OIDC issuer extensions disagree (v1 \"{a}\", v2 \"{b}\")"),
            _ => v1 ?? v2!,
        };
    }

    internal static List<string> EmailAddresses(X509Certificate2 certificate)
    {
        var emails = new List<string>();
        var rfc822Name = new Asn1Tag(TagClass.ContextSpecific, 1);
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != SubjectAlternativeNameOid)
            {
                continue;
            }

            try
            {
                var names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
                while (names.HasData)
                {
                    if (names.PeekTag().HasSameClassAndValue(rfc822Name))
                    {
                        emails.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, rfc822Name));
                    }
                    else
                    {
                        names.ReadEncodedValue();
                    }
                }
            }
            catch (AsnContentException e)
            {
                throw new SigstoreSignatureRejectedException(SigstoreRejectionReason.CertificateInvalid, $"invalid subject alternative names in the Fulcio certificate: {e.Message}", e);
            }
        }

        return emails;
    }
}
