using System.Text;
using System.Text.Json;
using OciRegistry.Client.Trust.Sigstore;
using OciRegistry.Client.Trust.Sigstore.Verification;

namespace OciRegistry.Client.Trust.Tests.Sigstore;

/// <summary>Reads the cosign- and Rekor-made fixtures under Sigstore/Fixtures (their provenance is in its README).</summary>
internal static class SigstoreFixtures
{
    /// <summary>The passphrase of the cosign keys under Fixtures/cosign, as cosign's own tests use it.</summary>
    public static byte[] CosignKeyPassphrase => "hello"u8.ToArray();

    public static string PathOf(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "Sigstore", "Fixtures", .. parts]);

    public static string Text(params string[] parts) => File.ReadAllText(PathOf(parts));

    public static SigstorePublicKey PublicKey(string name) =>
        SigstorePublicKey.FromPem(Text("containers-image", name), name);

    public static Digest ManifestDigest(string image) =>
        Digest.Compute(File.ReadAllBytes(PathOf("containers-image", image, "manifest.json")));

    /// <summary>Reads a signature as containers/image's dir: transport stores it ("\0sigstore-json\n" and a JSON object).</summary>
    public static SigstoreSignature Signature(string image, int index = 1)
    {
        var bytes = File.ReadAllBytes(PathOf("containers-image", image, $"signature-{index}"));
        var prefix = "\0sigstore-json\n"u8;
        if (!bytes.AsSpan().StartsWith(prefix))
        {
            throw new InvalidDataException($"{image}/signature-{index} is not a sigstore signature file");
        }

        using var document = JsonDocument.Parse(bytes.AsMemory(prefix.Length));
        var root = document.RootElement;
        var annotations = root.GetProperty("annotations").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        return new SigstoreSignature(
            root.GetProperty("mimeType").GetString()!,
            root.GetProperty("payload").GetBytesFromBase64(),
            annotations);
    }

    public static SigstoreSignature WithAnnotation(SigstoreSignature signature, string key, string? value)
    {
        var annotations = new Dictionary<string, string>(signature.Annotations);
        if (value is null)
        {
            annotations.Remove(key);
        }
        else
        {
            annotations[key] = value;
        }

        return new SigstoreSignature(signature.MediaType, signature.Payload, annotations);
    }

    public static SigstoreSignature WithPayload(SigstoreSignature signature, byte[] payload) =>
        new(signature.MediaType, payload, signature.Annotations);

    public static string Utf8(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);
}
