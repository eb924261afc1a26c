using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OciRegistry.Client.Trust.Sigstore;

namespace OciRegistry.Client.Trust.Tests.Sigstore.Verification;

/// <summary>
/// A throwaway PKI made in the test: a root CA, an intermediate CA, and signing certificates issued by the intermediate
/// with chosen subject alternative names, validity and extended key usages. Signs sigstore payloads with a leaf's key
/// and packs them as cosign stores them (signature, certificate and chain annotations).
/// </summary>
internal sealed class TestPki : IDisposable
{
    public const string CodeSigning = "1.3.6.1.5.5.7.3.3";
    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    private readonly ECDsa _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestPki(string name = "Test", DateTimeOffset? now = null)
    {
        Now = now ?? DateTimeOffset.UtcNow;
        Root = CreateCa(_rootKey, $"CN={name} Root CA", null, null);
        Intermediate = CreateCa(_intermediateKey, $"CN={name} Intermediate CA", Root, _rootKey);
    }

    public DateTimeOffset Now { get; }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Intermediate { get; }

    public string RootPem => Root.ExportCertificatePem() + "\n";

    public string IntermediatePem => Intermediate.ExportCertificatePem() + "\n";

    /// <summary>The chain annotation cosign writes: the intermediate, then the root.</summary>
    public string ChainPem => IntermediatePem + RootPem;

    public void Dispose()
    {
        Root.Dispose();
        Intermediate.Dispose();
        _rootKey.Dispose();
        _intermediateKey.Dispose();
    }

    /// <summary>Issues a signing certificate from the intermediate; the caller disposes it.</summary>
    public X509Certificate2 IssueLeaf(
        string? email = "signer@example.com",
        string? dnsName = "build.example.com",
        IPAddress? address = null,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null,
        string? extendedKeyUsage = CodeSigning)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Team signing certificate", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        if (extendedKeyUsage is not null)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(extendedKeyUsage)], false));
        }

        var names = new SubjectAlternativeNameBuilder();
        if (email is not null)
        {
            names.AddEmailAddress(email);
        }

        if (dnsName is not null)
        {
            names.AddDnsName(dnsName);
        }

        if (address is not null)
        {
            names.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Intermediate, true, false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var issued = request.Create(Intermediate.SubjectName, X509SignatureGenerator.CreateForECDsa(_intermediateKey), notBefore ?? Now.AddMinutes(-5), notAfter ?? Now.AddDays(30), RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Signs a payload for the identity and digest with the leaf's key, as cosign stores the signature.</summary>
    public static SigstoreSignature Sign(X509Certificate2 leaf, string identity, Digest digest, string? chainPem)
    {
        var payload = new SigstorePayload(identity, digest, "ocireg-tests", 1700000000).ToJson();
        return Sign(leaf, payload, chainPem);
    }

    public static SigstoreSignature Sign(X509Certificate2 leaf, byte[] payload, string? chainPem)
    {
        using var key = leaf.GetECDsaPrivateKey()!;
        var annotations = new Dictionary<string, string>
        {
            [SigstoreAnnotations.Signature] = Convert.ToBase64String(key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)),
            [SigstoreAnnotations.Certificate] = leaf.ExportCertificatePem() + "\n",
        };
        if (chainPem is not null)
        {
            annotations[SigstoreAnnotations.Chain] = chainPem;
        }

        return new SigstoreSignature(SigstoreMediaTypes.SimpleSigningPayload, payload, annotations);
    }

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private X509Certificate2 CreateCa(ECDsa key, string subject, X509Certificate2? issuer, ECDsa? issuerKey)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (issuer is null)
        {
            return request.CreateSelfSigned(Now.AddDays(-1), Now.AddYears(1));
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        return request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey!), Now.AddDays(-1), Now.AddMonths(6), RandomNumberGenerator.GetBytes(16));
    }
}
