using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace OciRegistry.Client.Http.Transport;

/// <summary>
/// The certificates of a certificate directory laid out as those of the containers tools (<c>certs.d/HOST</c>):
/// <c>*.crt</c> files are extra trusted certificate authorities; each <c>NAME.cert</c> with its <c>NAME.key</c> is a
/// client certificate.
/// </summary>
internal sealed class RegistryCertificates
{
    private static readonly RegistryCertificates None = new([], []);

    private RegistryCertificates(X509Certificate2Collection authorities, List<X509Certificate2> clientCertificates)
    {
        Authorities = authorities;
        ClientCertificates = clientCertificates;
    }

    public X509Certificate2Collection Authorities { get; }

    public IReadOnlyList<X509Certificate2> ClientCertificates { get; }

    public static RegistryCertificates Load(string? directory)
    {
        if (string.IsNullOrEmpty(directory))
        {
            return None;
        }

        if (!Directory.Exists(directory))
        {
            throw new OciRegistryException($"The certificate directory \"{directory}\" does not exist.");
        }

        var authorities = new X509Certificate2Collection();
        foreach (var file in Directory.EnumerateFiles(directory, "*.crt").Order(StringComparer.Ordinal))
        {
            authorities.ImportFromPemFile(file);
        }

        var clients = new List<X509Certificate2>();
        foreach (var certFile in Directory.EnumerateFiles(directory, "*.cert").Order(StringComparer.Ordinal))
        {
            var keyFile = Path.ChangeExtension(certFile, ".key");
            if (!File.Exists(keyFile))
            {
                throw new OciRegistryException($"The client certificate \"{certFile}\" has no matching key file \"{keyFile}\".");
            }

            using var pem = X509Certificate2.CreateFromPemFile(certFile, keyFile);
            // Exported and re-imported so the key is usable by SslStream on every platform.
            clients.Add(X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null));
        }

        return new RegistryCertificates(authorities, clients);
    }

    /// <summary>Accepts a server certificate that chains to the system roots or to one of <see cref="Authorities"/>.</summary>
    public bool Validate(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;

        // Intermediates the server sent are candidates for building the chain up to one of our authorities.
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(server);
    }
}
