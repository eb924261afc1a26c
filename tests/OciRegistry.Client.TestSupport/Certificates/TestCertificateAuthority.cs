using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OciRegistry.Client.TestSupport.Certificates;

/// <summary>
/// A throw-away certificate authority (ECDSA P-256, valid for a day) that issues server certificates, and builds
/// HTTP handlers that trust it and nothing else. Nothing is added to any machine or user trust store.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    // Clock skew between this process and the registry is zero, but the past margin covers a slow start.
    private static readonly TimeSpan Backdate = TimeSpan.FromHours(1);

    private TestCertificateAuthority(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate as PEM, what a <c>*.crt</c> file in a skopeo <c>--cert-dir</c> holds.</summary>
    public string CertificatePem => Certificate.ExportCertificatePem();

    public static TestCertificateAuthority Create(string commonName = "OciRegistry.Client test CA")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return new TestCertificateAuthority(request.CreateSelfSigned(now - Backdate, now + Lifetime));
    }

    /// <summary>Issues a TLS server certificate (with its private key) for the given DNS names and IP addresses.</summary>
    public X509Certificate2 IssueServerCertificate(IEnumerable<string> dnsNames, IEnumerable<IPAddress> ipAddresses)
    {
        ArgumentNullException.ThrowIfNull(dnsNames);
        ArgumentNullException.ThrowIfNull(ipAddresses);
        var names = new SubjectAlternativeNameBuilder();
        string? first = null;
        foreach (var dnsName in dnsNames)
        {
            first ??= dnsName;
            names.AddDnsName(dnsName);
        }

        foreach (var address in ipAddresses)
        {
            first ??= address.ToString();
            names.AddIpAddress(address);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={first ?? "server"}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(names.Build(critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive: Go rejects negative serial numbers
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(Certificate, now - Backdate, now + Lifetime - TimeSpan.FromMinutes(1), serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>A handler whose TLS validation trusts this CA only (not the system roots); host names are still
    /// checked against the certificate's SAN.</summary>
    public SocketsHttpHandler CreateTrustingHandler()
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            CertificateChainPolicy = CreateChainPolicy(),
        };
        return handler;
    }

    /// <summary>A chain policy with this CA as the only root and revocation checks off (there is no CRL).</summary>
    public X509ChainPolicy CreateChainPolicy()
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificate(Certificate.RawData));
        return policy;
    }

    public void Dispose() => Certificate.Dispose();
}
