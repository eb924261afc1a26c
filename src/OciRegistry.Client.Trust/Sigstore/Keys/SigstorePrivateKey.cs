using System.Security.Cryptography;
using System.Text;

namespace OciRegistry.Client.Trust.Sigstore.Keys;

/// <summary>
/// A sigstore signing key: an ECDSA key kept, at rest, in cosign's encrypted format (a PEM block of type
/// <c>ENCRYPTED SIGSTORE PRIVATE KEY</c> or <c>ENCRYPTED COSIGN PRIVATE KEY</c> holding a PKCS#8 key encrypted with
/// scrypt and NaCl secretbox under a passphrase). Keys written here are read by cosign and containers/image, and keys
/// they write are read here. Signatures are ECDSA over SHA-256, ASN.1 DER encoded, as cosign makes them.
/// </summary>
public sealed class SigstorePrivateKey : IDisposable
{
    /// <summary>The PEM type cosign writes since 2023 and containers/image accepts.</summary>
    public const string SigstorePemLabel = "ENCRYPTED SIGSTORE PRIVATE KEY";

    /// <summary>The PEM type older cosign releases write, still read everywhere.</summary>
    public const string CosignPemLabel = "ENCRYPTED COSIGN PRIVATE KEY";

    private readonly ECDsa _key;

    private SigstorePrivateKey(ECDsa key) => _key = key;

    /// <summary>Generates a new ECDSA P-256 key, the kind cosign generates.</summary>
    /// <returns>The key.</returns>
    public static SigstorePrivateKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Decrypts a key from the text of an encrypted key file.</summary>
    /// <param name="pem">The file's text: one PEM block of either encrypted type.</param>
    /// <param name="passphrase">The passphrase, as UTF-8 bytes (cosign uses the bytes of the string as typed).</param>
    /// <param name="source">Names the key in error messages, for example its path.</param>
    /// <returns>The key.</returns>
    /// <exception cref="SigstoreKeyException">The text is not such a key, the passphrase is wrong, or the key inside is
    /// not an ECDSA key in PKCS#8 form.</exception>
    public static SigstorePrivateKey Import(string pem, ReadOnlySpan<byte> passphrase, string source = "sigstore private key")
    {
        ArgumentNullException.ThrowIfNull(pem);
        ArgumentNullException.ThrowIfNull(source);
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            throw new SigstoreKeyException(
                $"{source}: no complete PEM block found (expected \"-----BEGIN {SigstorePemLabel}-----\" … \"-----END {SigstorePemLabel}-----\"); the file may be truncated.");
        }

        var label = pem.AsSpan()[fields.Label].ToString();
        if (label != SigstorePemLabel && label != CosignPemLabel)
        {
            throw new SigstoreKeyException($"{source}: unsupported PEM type \"{label}\" (expected {SigstorePemLabel} or {CosignPemLabel}).");
        }

        var envelope = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64Chars(pem.AsSpan()[fields.Base64Data], envelope, out var written) || written != envelope.Length)
        {
            throw new SigstoreKeyException($"{source}: the PEM block's base64 data is damaged.");
        }

        var pkcs8 = EncryptedKeyEnvelope.Decrypt(envelope, passphrase, source);
        try
        {
            return new SigstorePrivateKey(ImportPkcs8(pkcs8, source));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>Reads and decrypts an encrypted key file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="passphrase">The passphrase, as UTF-8 bytes.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The key.</returns>
    /// <exception cref="SigstoreKeyException">The file is not such a key or the passphrase is wrong.</exception>
    public static async Task<SigstorePrivateKey> LoadAsync(string path, ReadOnlyMemory<byte> passphrase, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SigstoreKeyException($"Reading sigstore private key {path}: {e.Message}", e);
        }

        return Import(text, passphrase.Span, path);
    }

    /// <summary>Writes the key in cosign's encrypted format, PEM type <see cref="SigstorePemLabel"/>, scrypt N=2^16.</summary>
    /// <param name="passphrase">The passphrase, as UTF-8 bytes.</param>
    /// <returns>The PEM text, ending with a newline.</returns>
    public string ExportEncryptedPem(ReadOnlySpan<byte> passphrase)
    {
        var pkcs8 = _key.ExportPkcs8PrivateKey();
        try
        {
            var envelope = EncryptedKeyEnvelope.Encrypt(pkcs8, passphrase);
            return new string(PemEncoding.Write(SigstorePemLabel, envelope)) + "\n";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>Writes the public half as a PEM <c>PUBLIC KEY</c> block (SubjectPublicKeyInfo), as cosign's <c>.pub</c> files.</summary>
    /// <returns>The PEM text, ending with a newline.</returns>
    public string ExportPublicKeyPem() => _key.ExportSubjectPublicKeyInfoPem() + "\n";

    /// <summary>Gets the DER SubjectPublicKeyInfo of the public half.</summary>
    /// <returns>The encoded public key.</returns>
    public byte[] ExportSubjectPublicKeyInfo() => _key.ExportSubjectPublicKeyInfo();

    /// <summary>Signs data with ECDSA over its SHA-256 hash.</summary>
    /// <param name="data">The bytes to sign (a sigstore payload).</param>
    /// <returns>The signature, ASN.1 DER encoded.</returns>
    public byte[] SignData(ReadOnlySpan<byte> data) =>
        _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    /// <inheritdoc/>
    public void Dispose() => _key.Dispose();

    /// <inheritdoc/>
    public override string ToString() => "sigstore private key (ECDSA)";

    private static ECDsa ImportPkcs8(byte[] pkcs8, string source)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportPkcs8PrivateKey(pkcs8, out var read);
            if (read != pkcs8.Length)
            {
                throw new SigstoreKeyException($"{source}: the decrypted key has trailing data after its PKCS#8 structure.");
            }

            return key;
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw new SigstoreKeyException(
                $"{source}: the decrypted key is not a PKCS#8 ECDSA private key (other key kinds and SEC 1 \"EC PRIVATE KEY\" structures are not supported).", e);
        }
    }
}
