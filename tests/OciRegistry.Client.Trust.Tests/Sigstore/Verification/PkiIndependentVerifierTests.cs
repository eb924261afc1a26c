using System.Globalization;
using OciRegistry.Client.TestSupport.Tools;
using OciRegistry.Client.Trust.Sigstore;
using OciRegistry.Client.Trust.Sigstore.Verification;

namespace OciRegistry.Client.Trust.Tests.Sigstore.Verification;

/// <summary>
/// The PKI checks cross-checked with implementations this project did not write: <c>openssl verify</c> decides the
/// chain, validity time, email and hostname of the same certificates, and python3-cryptography verifies the signature
/// with the certificate's key. Each case must get the same answer from both sides.
/// </summary>
public sealed class PkiIndependentVerifierTests : IDisposable
{
    private const string Identity = "registry.example/team/app";
    private static readonly Digest ImageDigest = Digest.Compute("the image manifest"u8);

    private readonly string _directory = Directory.CreateTempSubdirectory("ocireg-pki-").FullName;
    private readonly TestPki _pki = new();

    public void Dispose()
    {
        _pki.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("signer@example.com", "build.example.com", 0, true)]
    [InlineData("other@example.com", null, 0, false)]
    [InlineData(null, "other.example.com", 0, false)]
    [InlineData("signer@example.com", null, 60, false)]
    public async Task OpensslAgreesOnChainTimeEmailAndHostname(string? email, string? host, int daysLater, bool accepted)
    {
        var openssl = ExternalTool.Locate("openssl", "OCIREG_OPENSSL_BIN", "openssl");
        using var leaf = _pki.IssueLeaf();
        var at = _pki.Now.AddDays(daysLater);
        var arguments = new List<string>
        {
            "verify", "-CAfile", Write("root.pem", _pki.RootPem), "-untrusted", Write("intermediate.pem", _pki.IntermediatePem),
            "-attime", at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        };
        if (email is not null)
        {
            arguments.AddRange(["-verify_email", email]);
        }

        if (host is not null)
        {
            arguments.AddRange(["-verify_hostname", host]);
        }

        arguments.Add(Write("leaf.pem", leaf.ExportCertificatePem()));

        var opensslResult = await openssl.RunUncheckedAsync(arguments);
        var ours = Accepts(PkiTrustRoot.FromPem(_pki.RootPem, null, email, host, "root.pem"), TestPki.Sign(leaf, Identity, ImageDigest, _pki.ChainPem), at);

        Assert.True(accepted == (opensslResult.ExitCode == 0), $"openssl: {opensslResult.StandardOutput} {opensslResult.StandardError}");
        Assert.Equal(accepted, ours);
    }

    [Fact]
    public async Task OpensslAgreesThatAnotherCasCertificateIsUntrusted()
    {
        var openssl = ExternalTool.Locate("openssl", "OCIREG_OPENSSL_BIN", "openssl");
        using var other = new TestPki("Other", _pki.Now);
        using var leaf = other.IssueLeaf();

        var opensslResult = await openssl.RunUncheckedAsync(
            ["verify", "-CAfile", Write("root.pem", _pki.RootPem), "-untrusted", Write("intermediate.pem", other.IntermediatePem), Write("leaf.pem", leaf.ExportCertificatePem())]);

        Assert.NotEqual(0, opensslResult.ExitCode);
        Assert.False(Accepts(PkiTrustRoot.FromPem(_pki.RootPem, null, "signer@example.com", null, "root.pem"), TestPki.Sign(leaf, Identity, ImageDigest, other.ChainPem), _pki.Now));
    }

    [Fact]
    public async Task PythonVerifiesTheSignatureWithTheCertificatesKey()
    {
        var python = await PythonSigstore.LocateAsync();
        using var leaf = _pki.IssueLeaf();
        var signature = TestPki.Sign(leaf, Identity, ImageDigest, _pki.ChainPem);
        var publicKey = Write("leaf.pub", new string(System.Security.Cryptography.PemEncoding.Write("PUBLIC KEY", leaf.PublicKey.ExportSubjectPublicKeyInfo())));
        var payload = Write("payload", signature.Payload.ToArray());
        var base64Signature = Write("signature", signature.Annotations[SigstoreAnnotations.Signature]);

        await python.VerifyAsync(publicKey, payload, base64Signature);
        Assert.True(Accepts(PkiTrustRoot.FromPem(_pki.RootPem, null, "signer@example.com", null, "root.pem"), signature, _pki.Now));

        using var other = _pki.IssueLeaf();
        Write("leaf.pub", new string(System.Security.Cryptography.PemEncoding.Write("PUBLIC KEY", other.PublicKey.ExportSubjectPublicKeyInfo())));
        await Assert.ThrowsAsync<ExternalToolException>(() => python.VerifyAsync(publicKey, payload, base64Signature));
    }

    private static bool Accepts(PkiTrustRoot root, SigstoreSignature signature, DateTimeOffset at)
    {
        try
        {
            SigstoreVerifier.Verify(SigstoreTrustRoot.ForPki(root), signature, ImageDigest, identity => identity == Identity, at);
            return true;
        }
        catch (SigstoreSignatureRejectedException)
        {
            return false;
        }
    }

    private string Write(string name, string text) => Write(name, System.Text.Encoding.UTF8.GetBytes(text));

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
