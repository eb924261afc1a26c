using System.Text.Json;

namespace OciRegistry.Client.Trust.SimpleSigning;

/// <summary>
/// The signed content of a simple signature ("atomic container signature"): the Docker reference and the manifest
/// digest it vouches for. The <c>critical</c> part is read strictly, as containers/image reads it (an unknown key
/// there means a format this reader does not understand, so the signature is refused); <c>optional</c> is ignored.
/// </summary>
/// <param name="DockerReference">The <c>critical.identity.docker-reference</c>, as written.</param>
/// <param name="ManifestDigest">The <c>critical.image.docker-manifest-digest</c>.</param>
internal sealed record SimpleSigningPayload(string DockerReference, Digest ManifestDigest)
{
    public const string SignatureType = "atomic container signature";

    /// <summary>Parses a payload; the message of a <see cref="FormatException"/> says what is wrong.</summary>
    public static SimpleSigningPayload Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            var root = Object(document.RootElement, "the payload");
            var critical = Object(Property(root, "critical"), "critical");
            Exactly(critical, "critical", "type", "image", "identity");
            var type = String(Property(critical, "type"), "critical.type");
            if (!string.Equals(type, SignatureType, StringComparison.Ordinal))
            {
                throw new FormatException($"critical.type is \"{type}\", not \"{SignatureType}\"");
            }

            var image = Object(Property(critical, "image"), "critical.image");
            Exactly(image, "critical.image", "docker-manifest-digest");
            var identity = Object(Property(critical, "identity"), "critical.identity");
            Exactly(identity, "critical.identity", "docker-reference");
            var digestText = String(Property(image, "docker-manifest-digest"), "critical.image.docker-manifest-digest");
            var digest = Digest.TryParse(digestText, out var parsed) ? parsed : throw new FormatException($"\"{digestText}\" is not a digest");
            return new SimpleSigningPayload(String(Property(identity, "docker-reference"), "critical.identity.docker-reference"), digest);
        }
        catch (JsonException e)
        {
            throw new FormatException("the payload is not JSON", e);
        }
    }

    /// <summary>Writes the payload, with <c>optional.creator</c> and <c>optional.timestamp</c>.</summary>
    public byte[] ToJson(string creator, DateTimeOffset timestamp) =>
        Signatures.SignaturePayloadJson.Write(SignatureType, DockerReference, ManifestDigest, creator, timestamp.ToUnixTimeSeconds());

    private static JsonElement Object(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Object ? element : throw new FormatException($"{where} is not an object");

    private static string String(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw new FormatException($"{where} is not a string");

    private static JsonElement Property(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value : throw new FormatException($"\"{name}\" is missing");

    private static void Exactly(JsonElement element, string where, params string[] names)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (Array.IndexOf(names, property.Name) < 0)
            {
                throw new FormatException($"{where} has an unknown key \"{property.Name}\"");
            }
        }
    }
}
