using System.Security.Cryptography;
using System.Text;
using OciRegistry.Client.Trust.Sigstore.Keys;
using OciRegistry.Client.Trust.Sigstore.Verification;

namespace OciRegistry.Client.Trust.Tests.Sigstore.Keys;

public sealed class SigstorePrivateKeyTests
{
    [Theory]
    [InlineData("cosign.key")]
    [InlineData("sigstore.key")]
    public void CosignMadeKeysDecryptWithTheirPassphraseAndSign(string file)
    {
        using var key = SigstorePrivateKey.Import(SigstoreFixtures.Text("cosign", file), SigstoreFixtures.CosignKeyPassphrase, file);

        var data = "payload"u8.ToArray();
        var signature = key.SignData(data);
        var publicKey = SigstorePublicKey.FromPem(key.ExportPublicKeyPem(), file);

        Assert.True(publicKey.VerifyData(data, signature));
        Assert.False(publicKey.VerifyData("other"u8, signature));
    }

    [Fact]
    public void WrongPassphraseIsAClearErrorThatNamesTheFileAndNotThePassphrase()
    {
        var error = Assert.Throws<SigstoreKeyException>(() =>
            SigstorePrivateKey.Import(SigstoreFixtures.Text("cosign", "cosign.key"), "not-the-passphrase"u8, "keys/cosign.key"));

        Assert.Contains("keys/cosign.key", error.Message, StringComparison.Ordinal);
        Assert.Contains("passphrase is wrong", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-passphrase", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedPemIsAClearError()
    {
        var pem = SigstoreFixtures.Text("cosign", "cosign.key");
        var truncated = pem[..(pem.Length / 2)];

        var error = Assert.Throws<SigstoreKeyException>(() =>
            SigstorePrivateKey.Import(truncated, SigstoreFixtures.CosignKeyPassphrase, "cosign.key"));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyWhoseBase64LosesLinesIsRefusedAsDamaged()
    {
        var lines = SigstoreFixtures.Text("cosign", "cosign.key").Split('\n').ToList();
        lines.RemoveAt(3);

        var error = Assert.Throws<SigstoreKeyException>(() =>
            SigstorePrivateKey.Import(string.Join('\n', lines), SigstoreFixtures.CosignKeyPassphrase, "cosign.key"));

        Assert.StartsWith("cosign.key:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherPemTypesAreRefusedByName()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var plain = ecdsa.ExportPkcs8PrivateKeyPem();

        var error = Assert.Throws<SigstoreKeyException>(() => SigstorePrivateKey.Import(plain, "x"u8, "plain.key"));

        Assert.Contains("unsupported PEM type \"PRIVATE KEY\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnSec1KeyInsideTheEnvelopeIsRefusedAsCosignRefusesIt()
    {
        var error = Assert.Throws<SigstoreKeyException>(() =>
            SigstorePrivateKey.Import(SigstoreFixtures.Text("cosign", "cosign-ec-sec1.key"), SigstoreFixtures.CosignKeyPassphrase, "sec1.key"));

        Assert.Contains("not a PKCS#8 ECDSA private key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScryptParametersOtherThanCosignsAreRefusedBeforeDerivingAKey()
    {
        var envelope = Envelope(SigstoreFixtures.Text("cosign", "cosign.key")).Replace("\"N\":32768", "\"N\":1073741824", StringComparison.Ordinal);
        var pem = new string(PemEncoding.Write(SigstorePrivateKey.CosignPemLabel, Encoding.UTF8.GetBytes(envelope)));

        var error = Assert.Throws<SigstoreKeyException>(() => SigstorePrivateKey.Import(pem, SigstoreFixtures.CosignKeyPassphrase, "big.key"));

        Assert.Contains("unsupported scrypt parameters N=1073741824", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportedKeysUseCosignsCurrentFormatAndDecryptAgain()
    {
        using var key = SigstorePrivateKey.Generate();
        var pem = key.ExportEncryptedPem("s3cret"u8);

        Assert.StartsWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n", pem, StringComparison.Ordinal);
        var envelope = Envelope(pem);
        Assert.Matches("""^\{"kdf":\{"name":"scrypt","params":\{"N":65536,"r":8,"p":1\},"salt":"[A-Za-z0-9+/=]{44}"\},"cipher":\{"name":"nacl/secretbox","nonce":"[A-Za-z0-9+/=]{32}"\},"ciphertext":"[A-Za-z0-9+/=]+"\}$""", envelope);

        using var again = SigstorePrivateKey.Import(pem, "s3cret"u8, "generated");
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), again.ExportSubjectPublicKeyInfo());
        Assert.Throws<SigstoreKeyException>(() => SigstorePrivateKey.Import(pem, "s3cret!"u8, "generated"));
    }

    [Fact]
    public void KeysDescribeThemselvesWithoutKeyMaterial()
    {
        using var key = SigstorePrivateKey.Generate();

        Assert.Equal("sigstore private key (ECDSA)", key.ToString());
    }

    private static string Envelope(string pem)
    {
        Assert.True(PemEncoding.TryFind(pem, out var fields));
        return Encoding.UTF8.GetString(Convert.FromBase64String(pem[fields.Base64Data]));
    }
}
