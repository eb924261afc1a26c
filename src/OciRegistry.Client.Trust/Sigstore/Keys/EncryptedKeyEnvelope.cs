using System.Security.Cryptography;
using System.Text.Json;
using Org.BouncyCastle.Crypto.Generators;

namespace OciRegistry.Client.Trust.Sigstore.Keys;

/// <summary>
/// The JSON envelope inside cosign's encrypted key PEM blocks (the format of secure-systems-lab's
/// <c>encrypted</c> package): <c>{"kdf":{"name":"scrypt","params":{"N":…,"r":…,"p":…},"salt":…},
/// "cipher":{"name":"nacl/secretbox","nonce":…},"ciphertext":…}</c>, binary values in padded standard base64.
/// The secretbox key is the 32-byte scrypt derivation of the passphrase and the salt.
/// </summary>
internal static class EncryptedKeyEnvelope
{
    private const string ScryptName = "scrypt";
    private const string SecretBoxName = "nacl/secretbox";
    private const int SaltSize = 32;

    // Far above any real key (a PKCS#8 P-256 key is 138 bytes, RSA-4096 about 2.4 KiB); a larger envelope is refused
    // before it is parsed.
    private const int MaximumEnvelopeSize = 64 * 1024;

    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> passphrase) =>
        Encrypt(plaintext, passphrase, ScryptParameters.Standard);

    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> passphrase, ScryptParameters parameters)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var nonce = RandomNumberGenerator.GetBytes(SecretBox.NonceSize);
        var key = DeriveKey(passphrase, salt, parameters);
        byte[] ciphertext;
        try
        {
            ciphertext = SecretBox.Seal(plaintext, nonce, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("kdf");
            writer.WriteString("name", ScryptName);
            writer.WriteStartObject("params");
            writer.WriteNumber("N", parameters.N);
            writer.WriteNumber("r", parameters.R);
            writer.WriteNumber("p", parameters.P);
            writer.WriteEndObject();
            writer.WriteBase64String("salt", salt);
            writer.WriteEndObject();
            writer.WriteStartObject("cipher");
            writer.WriteString("name", SecretBoxName);
            writer.WriteBase64String("nonce", nonce);
            writer.WriteEndObject();
            writer.WriteBase64String("ciphertext", ciphertext);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Decrypts an envelope.</summary>
    /// <exception cref="SigstoreKeyException">The envelope is malformed, uses another algorithm or cost, or the
    /// passphrase is wrong.</exception>
    public static byte[] Decrypt(ReadOnlySpan<byte> envelope, ReadOnlySpan<byte> passphrase, string source)
    {
        if (envelope.Length > MaximumEnvelopeSize)
        {
            throw new SigstoreKeyException($"{source}: the encrypted key is {envelope.Length} bytes, more than the {MaximumEnvelopeSize} a key can be.");
        }

        ScryptParameters parameters;
        byte[] salt, nonce, ciphertext;
        try
        {
            using var document = JsonDocument.Parse(envelope.ToArray());
            var root = document.RootElement;
            var kdf = Property(root, "kdf", source);
            var kdfName = Property(kdf, "name", source).GetString();
            if (kdfName != ScryptName)
            {
                throw new SigstoreKeyException($"{source}: unsupported key derivation \"{kdfName}\" (only {ScryptName} is supported).");
            }

            var kdfParameters = Property(kdf, "params", source);
            parameters = new ScryptParameters(
                Property(kdfParameters, "N", source).GetInt32(),
                Property(kdfParameters, "r", source).GetInt32(),
                Property(kdfParameters, "p", source).GetInt32());
            salt = Property(kdf, "salt", source).GetBytesFromBase64();
            var cipher = Property(root, "cipher", source);
            var cipherName = Property(cipher, "name", source).GetString();
            if (cipherName != SecretBoxName)
            {
                throw new SigstoreKeyException($"{source}: unsupported cipher \"{cipherName}\" (only {SecretBoxName} is supported).");
            }

            nonce = Property(cipher, "nonce", source).GetBytesFromBase64();
            ciphertext = Property(root, "ciphertext", source).GetBytesFromBase64();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new SigstoreKeyException($"{source}: the encrypted key is not valid JSON of cosign's format: {e.Message}", e);
        }

        if (!parameters.IsAccepted)
        {
            throw new SigstoreKeyException(
                $"{source}: unsupported scrypt parameters N={parameters.N}, r={parameters.R}, p={parameters.P} (cosign writes N=32768, 65536 or 131072 with r=8, p=1).");
        }

        if (nonce.Length != SecretBox.NonceSize)
        {
            throw new SigstoreKeyException($"{source}: the secretbox nonce is {nonce.Length} bytes, not {SecretBox.NonceSize}.");
        }

        var key = DeriveKey(passphrase, salt, parameters);
        try
        {
            return SecretBox.Open(ciphertext, nonce, key)
                ?? throw new SigstoreKeyException($"{source}: decryption failed: the passphrase is wrong or the key file is damaged.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[] DeriveKey(ReadOnlySpan<byte> passphrase, byte[] salt, ScryptParameters parameters)
    {
        var passphraseCopy = passphrase.ToArray();
        try
        {
            return SCrypt.Generate(passphraseCopy, salt, parameters.N, parameters.R, parameters.P, SecretBox.KeySize);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passphraseCopy);
        }
    }

    private static JsonElement Property(JsonElement element, string name, string source)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            throw new SigstoreKeyException($"{source}: the encrypted key has no \"{name}\" field.");
        }

        return value;
    }
}
