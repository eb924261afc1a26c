using System.Text.Json;
using System.Text.Json.Serialization;

namespace OciRegistry.Client.Models.Serialization;

/// <summary>
/// Reads a JSON object used as a set (<c>{"80/tcp": {}}</c>, as image configurations write exposed ports and
/// volumes) into its keys, and writes the keys back in that form.
/// </summary>
internal sealed class KeySetJsonConverter : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a JSON object used as a set, not {reader.TokenType}.");
        }

        var keys = new List<string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            keys.Add(reader.GetString()!);
            reader.Read();
            reader.Skip();
        }

        return keys;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var key in value)
        {
            writer.WriteStartObject(key);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
