using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace OciRegistry.Client.TestSupport.TokenServer;

/// <summary>
/// Signs Distribution's bearer tokens: compact JWS, ES256 with a P-256 key made here, the <c>x5c</c> header carrying
/// the self-signed certificate of that key. Distribution 2.8 takes the signing key from <c>x5c</c> after verifying
/// the chain against its <c>rootcertbundle</c> (the PEM of that certificate), then checks <c>iss</c>, <c>aud</c>
/// (a string in 2.8), <c>nbf</c> and <c>exp</c>, and reads the <c>access</c> claim.
/// </summary>
internal sealed class TokenSigner : IDisposable
{
    private static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);

    private readonly ECDsa _key;

    public TokenSigner()
    {
        _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=OciRegistry.Client test token signer", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        var now = DateTimeOffset.UtcNow;
        Certificate = request.CreateSelfSigned(now - Backdate, now + TimeSpan.FromDays(1));
    }

    public X509Certificate2 Certificate { get; }

    public string CertificatePem => Certificate.ExportCertificatePem();

    public string Sign(string issuer, string? subject, string audience, DateTimeOffset now, TimeSpan lifetime, IEnumerable<(string Type, string Name, IReadOnlyList<string> Actions)> access)
    {
        var header = Json(w =>
        {
            w.WriteString("typ", "JWT");
            w.WriteString("alg", "ES256");
            w.WriteStartArray("x5c");
            w.WriteStringValue(Convert.ToBase64String(Certificate.RawData));
            w.WriteEndArray();
        });
        var claims = Json(w =>
        {
            w.WriteString("iss", issuer);
            w.WriteString("sub", subject ?? string.Empty);
            w.WriteString("aud", audience);
            w.WriteNumber("exp", (now + lifetime).ToUnixTimeSeconds());
            // A little in the past: the registry compares whole seconds of its own clock.
            w.WriteNumber("nbf", (now - TimeSpan.FromSeconds(5)).ToUnixTimeSeconds());
            w.WriteNumber("iat", now.ToUnixTimeSeconds());
            w.WriteString("jti", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
            w.WriteStartArray("access");
            foreach (var (type, name, actions) in access)
            {
                w.WriteStartObject();
                w.WriteString("type", type);
                w.WriteString("name", name);
                w.WriteStartArray("actions");
                foreach (var action in actions)
                {
                    w.WriteStringValue(action);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
        var signingInput = $"{Base64Url(header)}.{Base64Url(claims)}";
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
