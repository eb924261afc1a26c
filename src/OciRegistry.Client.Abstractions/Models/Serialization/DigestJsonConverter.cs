using System.Text.Json;
using System.Text.Json.Serialization;

namespace OciRegistry.Client.Models.Serialization;

/// <summary>Reads and writes a <see cref="Digest"/> as its string form.</summary>
internal sealed class DigestJsonConverter : JsonConverter<Digest>
{
    public override Digest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"A digest must be a JSON string, not {reader.TokenType}.");
        }

        var text = reader.GetString()!;
        return Digest.TryParse(text, out var digest)
            ? digest
            : throw new JsonException(new InvalidDigestException(text, "it is not a valid digest").Message);
    }

    public override void Write(Utf8JsonWriter writer, Digest value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
