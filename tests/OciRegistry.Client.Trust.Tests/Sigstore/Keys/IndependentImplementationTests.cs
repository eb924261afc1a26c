using OciRegistry.Client.TestSupport.Tools;
using OciRegistry.Client.Trust.Sigstore;
using OciRegistry.Client.Trust.Sigstore.Keys;

namespace OciRegistry.Client.Trust.Tests.Sigstore.Keys;

/// <summary>Keys and signatures made here, checked by an implementation this project did not write (python3-cryptography and python3-nacl).</summary>
public sealed class IndependentImplementationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ocireg-sigstore-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task WrittenKeysDecryptWithPythonToTheSamePublicKey()
    {
        var python = await PythonSigstore.LocateAsync();
        using var key = SigstorePrivateKey.Generate();
        var passphrase = "correct horse ✓"u8.ToArray();
        var keyPath = Write("key.private", key.ExportEncryptedPem(passphrase));
        var passphrasePath = Write("passphrase", passphrase);

        var publicKey = await python.PublicKeyOfAsync(keyPath, passphrasePath);

        Assert.Equal(key.ExportPublicKeyPem().Trim(), publicKey.Trim());
    }

    [Fact]
    public async Task SignaturesOverPayloadsVerifyWithPython()
    {
        var python = await PythonSigstore.LocateAsync();
        using var key = SigstorePrivateKey.Generate();
        var payload = new SigstorePayload("registry.example/app:1.0", Digest.Compute("manifest"u8), "ocireg", 1700000000).ToJson();
        var publicKeyPath = Write("key.pub", key.ExportPublicKeyPem());
        var payloadPath = Write("payload", payload);
        var signaturePath = Write("signature", Convert.ToBase64String(key.SignData(payload)));

        await python.VerifyAsync(publicKeyPath, payloadPath, signaturePath);

        Write("payload", [.. payload, (byte)' ']);
        await Assert.ThrowsAsync<ExternalToolException>(() => python.VerifyAsync(publicKeyPath, payloadPath, signaturePath));
    }

    private string Write(string name, string text) => Write(name, System.Text.Encoding.UTF8.GetBytes(text));

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
