using System.Globalization;
using System.Text.Json;

namespace OciRegistry.Client.Trust.Sigstore;

/// <summary>
/// The content of a sigstore image signature (<see cref="SigstoreMediaTypes.SimpleSigningPayload"/>):
/// <c>{"critical":{"identity":{"docker-reference":…},"image":{"docker-manifest-digest":…},"type":"cosign container
/// image signature"},"optional":{…}}</c>. Parsing is strict in the critical part (exactly those fields, nothing
/// else), as containers/image is, so that a payload means one thing to every verifier.
/// </summary>
public sealed class SigstorePayload
{
    /// <summary>The value of <c>critical.type</c>.</summary>
    public const string SignatureType = "cosign container image signature";

    /// <summary>Creates a payload.</summary>
    /// <param name="dockerReference">The reference the image is signed as (for example <c>registry.example/app:1.0</c>).</param>
    /// <param name="manifestDigest">The signed manifest's digest.</param>
    /// <param name="creator">Who made the signature, or <see langword="null"/>.</param>
    /// <param name="timestamp">When, in seconds since the Unix epoch, or <see langword="null"/>.</param>
    public SigstorePayload(string dockerReference, Digest manifestDigest, string? creator = null, long? timestamp = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dockerReference);
        ArgumentNullException.ThrowIfNull(manifestDigest);
        DockerReference = dockerReference;
        ManifestDigest = manifestDigest;
        Creator = creator;
        Timestamp = timestamp;
    }

    /// <summary>Gets the reference the image is signed as (<c>critical.identity.docker-reference</c>).</summary>
    public string DockerReference { get; }

    /// <summary>Gets the signed manifest's digest (<c>critical.image.docker-manifest-digest</c>).</summary>
    public Digest ManifestDigest { get; }

    /// <summary>Gets <c>optional.creator</c>, if present.</summary>
    public string? Creator { get; }

    /// <summary>Gets <c>optional.timestamp</c> (seconds since the Unix epoch), if present.</summary>
    public long? Timestamp { get; }

    /// <summary>Serializes the payload, keys in lexical order as cosign and containers/image write them.</summary>
    /// <returns>The UTF-8 JSON bytes to sign.</returns>
    public byte[] ToJson() => Signatures.SignaturePayloadJson.Write(SignatureType, DockerReference, ManifestDigest, Creator, Timestamp);

    /// <summary>Parses a payload.</summary>
    /// <param name="json">The payload bytes.</param>
    /// <returns>The payload.</returns>
    /// <exception cref="FormatException">The payload is not a sigstore image signature payload; the message says why.</exception>
    public static SigstorePayload Parse(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new FormatException($"the payload is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = ExactObject(document.RootElement, "the payload", "critical", "optional");
            var critical = ExactObject(root["critical"], "critical", "identity", "image", "type");
            var type = String(critical["type"], "critical.type");
            if (type != SignatureType)
            {
                throw new FormatException($"unrecognized signature type \"{type}\"");
            }

            var image = ExactObject(critical["image"], "critical.image", "docker-manifest-digest");
            var digestText = String(image["docker-manifest-digest"], "critical.image.docker-manifest-digest");
            if (!Digest.TryParse(digestText, out var digest))
            {
                throw new FormatException($"invalid docker-manifest-digest value \"{digestText}\"");
            }

            var identity = ExactObject(critical["identity"], "critical.identity", "docker-reference");
            var reference = String(identity["docker-reference"], "critical.identity.docker-reference");
            string? creator = null;
            long? timestamp = null;

            // cosign writes "optional": null when the signer added no annotations.
            var optional = root["optional"];
            if (optional.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in optional.EnumerateObject())
                {
                    if (property.NameEquals("creator"))
                    {
                        creator = String(property.Value, "optional.creator");
                    }
                    else if (property.NameEquals("timestamp"))
                    {
                        if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt64(out var seconds))
                        {
                            throw new FormatException("field optional.timestamp is not an integer");
                        }

                        timestamp = seconds;
                    }
                }
            }
            else if (optional.ValueKind != JsonValueKind.Null)
            {
                throw new FormatException("field optional is neither an object nor null");
            }

            if (reference.Length == 0)
            {
                throw new FormatException("field critical.identity.docker-reference is empty");
            }

            return new SigstorePayload(reference, digest, creator, timestamp);
        }
    }

    private static Dictionary<string, JsonElement> ExactObject(JsonElement element, string name, params string[] fields)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{name} is not a JSON object");
        }

        var found = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (Array.IndexOf(fields, property.Name) < 0)
            {
                throw new FormatException($"{name} has an unexpected field \"{property.Name}\"");
            }

            if (!found.TryAdd(property.Name, property.Value))
            {
                throw new FormatException($"{name} has a duplicate field \"{property.Name}\"");
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

    private static string String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"field {name} is not a string"));
}
