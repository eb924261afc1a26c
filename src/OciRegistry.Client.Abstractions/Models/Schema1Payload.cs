using System.Buffers.Text;
using System.Text.Json;

namespace OciRegistry.Client.Models;

/// <summary>
/// The bytes a signed Docker schema 1 manifest (<c>…v1+prettyjws</c>) is identified by. Its digest covers the JWS
/// payload, not the body: the body up to the <c>formatLength</c> the first signature's protected header gives,
/// followed by that header's <c>formatTail</c> — in effect the manifest with its <c>signatures</c> cut out.
/// </summary>
internal static class Schema1Payload
{
    /// <summary>Gets the signed payload of <paramref name="content"/>, or <see langword="null"/> when it carries no usable signature.</summary>
    /// <param name="content">A manifest's bytes.</param>
    /// <returns>The payload, or <see langword="null"/>.</returns>
    public static byte[]? Find(ReadOnlySpan<byte> content)
    {
        if (content.IndexOf("\"signatures\""u8) < 0)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(content);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("schemaVersion", out var version)
                || version.ValueKind != JsonValueKind.Number
                || version.GetInt32() != 1
                || !document.RootElement.TryGetProperty("signatures", out var signatures)
                || signatures.ValueKind != JsonValueKind.Array
                || signatures.GetArrayLength() == 0
                || !signatures[0].TryGetProperty("protected", out var protectedHeader)
                || protectedHeader.GetString() is not { } encoded)
            {
                return null;
            }

            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(encoded));
            var length = header.RootElement.GetProperty("formatLength").GetInt32();
            var tail = Base64Url.DecodeFromChars(header.RootElement.GetProperty("formatTail").GetString() ?? string.Empty);
            if (length < 0 || length > content.Length)
            {
                return null;
            }

            return [.. content[..length], .. tail];
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
