using System.Security.Cryptography;

namespace OciRegistry.Client.Trust.Sigstore.Verification;

/// <summary>
/// A public key that sigstore signatures or Rekor entries are checked against: a PEM <c>PUBLIC KEY</c> block
/// (SubjectPublicKeyInfo) holding an ECDSA or RSA key, as cosign's <c>.pub</c> files and Rekor's key are. Signatures are
/// checked over SHA-256 (ECDSA with ASN.1 DER signatures, RSA with PKCS#1 v1.5), the hash cosign uses.
/// </summary>
public sealed class SigstorePublicKey
{
    private readonly byte[] _subjectPublicKeyInfo;

    private SigstorePublicKey(byte[] subjectPublicKeyInfo, bool isEcdsa, string source)
    {
        _subjectPublicKeyInfo = subjectPublicKeyInfo;
        IsEcdsa = isEcdsa;
        Source = source;
    }

    /// <summary>Gets where the key came from (a path, or a description), for messages.</summary>
    public string Source { get; }

    /// <summary>Gets whether the key is an ECDSA key (the only kind Rekor keys may be).</summary>
    public bool IsEcdsa { get; }

    /// <summary>Gets the key's DER SubjectPublicKeyInfo.</summary>
    public ReadOnlyMemory<byte> SubjectPublicKeyInfo => _subjectPublicKeyInfo;

    /// <summary>Reads a key from PEM text.</summary>
    /// <param name="pem">The text: a <c>PUBLIC KEY</c> PEM block.</param>
    /// <param name="source">Names the key in messages, for example its path.</param>
    /// <returns>The key.</returns>
    /// <exception cref="FormatException">The text holds no public key, or a key of an unsupported kind.</exception>
    public static SigstorePublicKey FromPem(string pem, string source)
    {
        ArgumentNullException.ThrowIfNull(pem);
        ArgumentNullException.ThrowIfNull(source);
        if (!PemEncoding.TryFind(pem, out var fields) || pem.AsSpan()[fields.Label] is not "PUBLIC KEY")
        {
            throw new FormatException($"{source}: no PEM \"PUBLIC KEY\" block found");
        }

        var der = Convert.FromBase64String(pem[fields.Base64Data]);
        return FromSubjectPublicKeyInfo(der, source);
    }

    /// <summary>Reads a key from its DER SubjectPublicKeyInfo.</summary>
    /// <param name="subjectPublicKeyInfo">The encoded key.</param>
    /// <param name="source">Names the key in messages.</param>
    /// <returns>The key.</returns>
    /// <exception cref="FormatException">The bytes are not an ECDSA or RSA public key.</exception>
    public static SigstorePublicKey FromSubjectPublicKeyInfo(ReadOnlySpan<byte> subjectPublicKeyInfo, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var der = subjectPublicKeyInfo.ToArray();
        using (var ecdsa = ECDsa.Create())
        {
            try
            {
                ecdsa.ImportSubjectPublicKeyInfo(der, out var read);
                if (read == der.Length)
                {
                    return new SigstorePublicKey(der, isEcdsa: true, source);
                }
            }
            catch (CryptographicException)
            {
                // Not an ECDSA key: try RSA below.
            }
        }

        using (var rsa = RSA.Create())
        {
            try
            {
                rsa.ImportSubjectPublicKeyInfo(der, out var read);
                if (read == der.Length)
                {
                    return new SigstorePublicKey(der, isEcdsa: false, source);
                }
            }
            catch (CryptographicException)
            {
                // Reported below.
            }
        }

        throw new FormatException($"{source}: not an ECDSA or RSA public key");
    }

    /// <summary>Checks a signature over data.</summary>
    /// <param name="data">The signed bytes.</param>
    /// <param name="signature">The signature (ASN.1 DER for ECDSA).</param>
    /// <returns><see langword="true"/> when the signature is valid for this key.</returns>
    public bool VerifyData(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (IsEcdsa)
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(_subjectPublicKeyInfo, out _);
            return ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }

        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(_subjectPublicKeyInfo, out _);
        return rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{(IsEcdsa ? "ECDSA" : "RSA")} public key {Source}";
}
