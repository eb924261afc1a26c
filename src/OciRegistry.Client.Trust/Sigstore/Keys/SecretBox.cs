using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace OciRegistry.Client.Trust.Sigstore.Keys;

/// <summary>
/// NaCl's <c>crypto_secretbox</c> (XSalsa20 and Poly1305), the cipher cosign's encrypted keys use. The sealed form is
/// the 16-byte tag followed by the ciphertext, as NaCl and Go's <c>secretbox.Seal</c> write it.
/// </summary>
/// <remarks>
/// The BCL has neither XSalsa20 nor Poly1305, so BouncyCastle's engines do the arithmetic; the construction (the first
/// 32 bytes of the key stream are the one-time Poly1305 key, the message is enciphered with the stream after them, the
/// tag covers the ciphertext) is NaCl's.
/// </remarks>
internal static class SecretBox
{
    public const int KeySize = 32;
    public const int NonceSize = 24;
    public const int TagSize = 16;

    private const int OneTimeKeySize = 32;

    public static byte[] Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> key)
    {
        var stream = CreateStream(nonce, key, out var oneTimeKey);
        var sealedBox = new byte[TagSize + plaintext.Length];
        stream.ProcessBytes(plaintext, sealedBox.AsSpan(TagSize));
        ComputeTag(oneTimeKey, sealedBox.AsSpan(TagSize), sealedBox.AsSpan(0, TagSize));
        CryptographicOperations.ZeroMemory(oneTimeKey);
        return sealedBox;
    }

    /// <summary>Opens a sealed box; <see langword="null"/> when the tag does not match (wrong key or altered data).</summary>
    public static byte[]? Open(ReadOnlySpan<byte> sealedBox, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> key)
    {
        if (sealedBox.Length < TagSize)
        {
            return null;
        }

        var stream = CreateStream(nonce, key, out var oneTimeKey);
        Span<byte> expectedTag = stackalloc byte[TagSize];
        var ciphertext = sealedBox[TagSize..];
        ComputeTag(oneTimeKey, ciphertext, expectedTag);
        CryptographicOperations.ZeroMemory(oneTimeKey);
        if (!CryptographicOperations.FixedTimeEquals(expectedTag, sealedBox[..TagSize]))
        {
            return null;
        }

        var plaintext = new byte[ciphertext.Length];
        stream.ProcessBytes(ciphertext, plaintext);
        return plaintext;
    }

    private static XSalsa20Engine CreateStream(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> key, out byte[] oneTimeKey)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"A secretbox key is {KeySize} bytes.", nameof(key));
        }

        if (nonce.Length != NonceSize)
        {
            throw new ArgumentException($"A secretbox nonce is {NonceSize} bytes.", nameof(nonce));
        }

        var engine = new XSalsa20Engine();
        engine.Init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        oneTimeKey = new byte[OneTimeKeySize];
        engine.ProcessBytes(new byte[OneTimeKeySize], oneTimeKey);
        return engine;
    }

    private static void ComputeTag(byte[] oneTimeKey, ReadOnlySpan<byte> ciphertext, Span<byte> tag)
    {
        var mac = new Poly1305();
        mac.Init(new KeyParameter(oneTimeKey));
        mac.BlockUpdate(ciphertext);
        mac.DoFinal(tag);
    }
}
