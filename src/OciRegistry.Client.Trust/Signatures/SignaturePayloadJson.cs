using System.Text.Json;

namespace OciRegistry.Client.Trust.Signatures;

/// <summary>
/// Writes the payload both signature kinds sign (simple signing's "atomic container signature" and sigstore's "cosign
/// container image signature"): <c>critical</c> with the identity, the manifest digest and the type, then
/// <c>optional</c>, keys in the order containers/image and cosign write them.
/// </summary>
internal static class SignaturePayloadJson
{
    /// <summary>Serializes a payload.</summary>
    /// <param name="type">The <c>critical.type</c>.</param>
    /// <param name="dockerReference">The <c>critical.identity.docker-reference</c>.</param>
    /// <param name="manifestDigest">The <c>critical.image.docker-manifest-digest</c>.</param>
    /// <param name="creator"><c>optional.creator</c>, left out when <see langword="null"/>.</param>
    /// <param name="timestamp"><c>optional.timestamp</c> in seconds since the Unix epoch, left out when <see langword="null"/>.</param>
    /// <returns>The UTF-8 JSON bytes to sign.</returns>
    public static byte[] Write(string type, string dockerReference, Digest manifestDigest, string? creator, long? timestamp)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("critical");
            writer.WriteStartObject("identity");
            writer.WriteString("docker-reference", dockerReference);
            writer.WriteEndObject();
            writer.WriteStartObject("image");
            writer.WriteString("docker-manifest-digest", manifestDigest.ToString());
            writer.WriteEndObject();
            writer.WriteString("type", type);
            writer.WriteEndObject();
            writer.WriteStartObject("optional");
            if (creator is not null)
            {
                writer.WriteString("creator", creator);
            }

            if (timestamp is { } seconds)
            {
                writer.WriteNumber("timestamp", seconds);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
