using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OciRegistry.Client.Models.Serialization;

/// <summary>
/// Reads RFC 3339 timestamps as Go writes them, with up to nine fractional digits (more than .NET's seven), and
/// writes them in round-trip form.
/// </summary>
internal sealed class Rfc3339TimestampJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TryGetDateTimeOffset(out var value))
        {
            return value;
        }

        var text = reader.GetString() ?? string.Empty;
        var trimmed = TrimFraction(text);
        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out value)
            ? value
            : throw new JsonException($"\"{text}\" is not an RFC 3339 timestamp.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));

    // Keeps at most seven fractional digits, the precision DateTimeOffset has.
    private static string TrimFraction(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return text;
        }

        var end = dot + 1;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return end - dot - 1 <= 7 ? text : string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
    }
}
