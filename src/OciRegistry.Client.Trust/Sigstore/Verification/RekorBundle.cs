using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OciRegistry.Client.Trust.Sigstore.Verification;

/// <summary>
/// Verifies cosign's Rekor bundle (<see cref="SigstoreAnnotations.Bundle"/>) offline: the signed entry timestamp (SET)
/// is a Rekor key's ECDSA signature over the RFC 8785 canonical JSON of the entry (<c>body</c>, <c>integratedTime</c>,
/// <c>logIndex</c>, <c>logID</c>); the entry's body is a <c>hashedrekord</c> v0.0.1 record that must name exactly this
/// signature, this key or certificate, and the SHA-256 of this payload. What the verified SET proves is the time Rekor
/// logged the signature, which a Fulcio certificate is then checked against.
/// </summary>
internal static class RekorBundle
{
    private const int MaximumBundleSize = 1024 * 1024;

    /// <summary>Verifies a bundle and returns the time Rekor integrated the entry.</summary>
    /// <param name="rekorKeys">The trusted Rekor keys (ECDSA).</param>
    /// <param name="bundleJson">The bundle annotation's value.</param>
    /// <param name="keyOrCertificateDer">The DER of the key (SubjectPublicKeyInfo) or certificate the entry must name.</param>
    /// <param name="signature">The signature bytes the entry must name.</param>
    /// <param name="payload">The payload whose hash the entry must name.</param>
    /// <exception cref="SigstoreSignatureRejectedException">The bundle is malformed, not signed by a trusted key, or names other data.</exception>
    public static DateTimeOffset Verify(
        IReadOnlyList<SigstorePublicKey> rekorKeys,
        string bundleJson,
        ReadOnlySpan<byte> keyOrCertificateDer,
        ReadOnlySpan<byte> signature,
        ReadOnlySpan<byte> payload)
    {
        if (Encoding.UTF8.GetByteCount(bundleJson) > MaximumBundleSize)
        {
            throw Invalid($"the Rekor bundle is larger than {MaximumBundleSize} bytes");
        }

        byte[] setSignature;
        byte[] canonicalEntry;
        long integratedTime;
        byte[] body;
        try
        {
            using var document = JsonDocument.Parse(bundleJson, new JsonDocumentOptions { MaxDepth = 16 });
            var bundle = Exact(document.RootElement, "the Rekor bundle", "SignedEntryTimestamp", "Payload");
            setSignature = bundle["SignedEntryTimestamp"].GetBytesFromBase64();
            var entry = bundle["Payload"];
            canonicalEntry = CanonicalJson.Transform(entry);
            var fields = Exact(entry, "the Rekor bundle's Payload", "body", "integratedTime", "logIndex", "logID");
            body = fields["body"].GetBytesFromBase64();
            integratedTime = fields["integratedTime"].GetInt64();
            _ = fields["logIndex"].GetInt64();
            _ = fields["logID"].GetString();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw Invalid($"the Rekor bundle is malformed: {e.Message}", e);
        }

        var trusted = false;
        foreach (var key in rekorKeys)
        {
            if (key.VerifyData(canonicalEntry, setSignature))
            {
                trusted = true;
                break;
            }
        }

        if (!trusted)
        {
            throw Invalid("the Rekor signed entry timestamp does not verify with any trusted Rekor public key");
        }

        MatchEntry(body, keyOrCertificateDer, signature, payload);
        return DateTimeOffset.FromUnixTimeSeconds(integratedTime);
    }

    private static void MatchEntry(byte[] body, ReadOnlySpan<byte> keyOrCertificateDer, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> payload)
    {
        byte[] entrySignature;
        string entryKeyPem;
        string hashAlgorithm;
        string hashValue;
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            var kind = root.GetProperty("kind").GetString();
            if (kind != "hashedrekord")
            {
                throw Invalid($"the Rekor entry is of kind \"{kind}\", not hashedrekord");
            }

            var version = root.GetProperty("apiVersion").GetString();
            if (version != "0.0.1")
            {
                throw Invalid($"unsupported hashedrekord version \"{version}\"");
            }

            var spec = root.GetProperty("spec");
            var signatureElement = spec.GetProperty("signature");
            entrySignature = signatureElement.GetProperty("content").GetBytesFromBase64();
            entryKeyPem = Encoding.UTF8.GetString(signatureElement.GetProperty("publicKey").GetProperty("content").GetBytesFromBase64());
            var hash = spec.GetProperty("data").GetProperty("hash");
            hashAlgorithm = hash.GetProperty("algorithm").GetString() ?? string.Empty;
            hashValue = hash.GetProperty("value").GetString() ?? string.Empty;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw Invalid($"the Rekor entry body is malformed: {e.Message}", e);
        }

        if (!PemEncoding.TryFind(entryKeyPem, out var fields))
        {
            throw Invalid("the Rekor entry's public key is not in PEM format");
        }

        if (entryKeyPem[fields.Location.End..].Trim().Length != 0)
        {
            throw Invalid("the Rekor entry's public key has trailing data");
        }

        var entryKeyDer = Convert.FromBase64String(entryKeyPem[fields.Base64Data]);
        if (!entryKeyDer.AsSpan().SequenceEqual(keyOrCertificateDer))
        {
            throw Mismatch("the Rekor entry is for another public key or certificate");
        }

        if (!entrySignature.AsSpan().SequenceEqual(signature))
        {
            throw Mismatch("the Rekor entry is for another signature");
        }

        if (hashAlgorithm != "sha256")
        {
            throw Invalid($"the Rekor entry hashes the payload with \"{hashAlgorithm}\", not sha256");
        }

        if (!string.Equals(hashValue, Convert.ToHexStringLower(SHA256.HashData(payload)), StringComparison.Ordinal))
        {
            throw Mismatch("the Rekor entry is for another payload");
        }
    }

    private static Dictionary<string, JsonElement> Exact(JsonElement element, string name, params string[] fields)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{name} is not a JSON object");
        }

        var found = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (Array.IndexOf(fields, property.Name) < 0 || !found.TryAdd(property.Name, property.Value))
            {
                throw new FormatException($"{name} has an unexpected or duplicate field \"{property.Name}\"");
            }
        }

        foreach (var field in fields)
        {
            if (!found.ContainsKey(field))
            {
                throw new FormatException($"{name} has no field \"{field}\"");
            }
        }

        return found;
    }

    private static SigstoreSignatureRejectedException Invalid(string message, Exception? inner = null) =>
        new(SigstoreRejectionReason.RekorBundleInvalid, message, inner);

    private static SigstoreSignatureRejectedException Mismatch(string message) =>
        new(SigstoreRejectionReason.RekorEntryMismatch, message);
}
