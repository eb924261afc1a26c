using System.Buffers;
using System.Globalization;
using System.Text;

namespace OciRegistry.Client.Copy.Formats;

/// <summary>
/// Writes UTF-8 JSON the way Go's <c>encoding/json</c> writes it, so a configuration we generate has the bytes (and so
/// the digest) containers/image generates for the same input: compact, map keys in byte order, and
/// <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c>, U+2028 and U+2029 escaped inside strings. The CLI's output serializer
/// writes through it too, so Go's string escaping has one implementation.
/// </summary>
internal static class GoJsonWriter
{
    /// <summary>Compacts a JSON value (already valid) and applies Go's string escaping to it.</summary>
    /// <param name="json">The value's text.</param>
    /// <param name="output">Where to write it.</param>
    public static void WriteCompact(ReadOnlySpan<byte> json, IBufferWriter<byte> output)
    {
        var inString = false;
        var escaped = false;
        for (var i = 0; i < json.Length; i++)
        {
            var b = json[i];
            if (!inString)
            {
                if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
                {
                    continue;
                }

                inString = b == '"';
                Write(output, b);
                continue;
            }

            if (escaped)
            {
                escaped = false;
                Write(output, b);
                continue;
            }

            switch (b)
            {
                case (byte)'\\':
                    escaped = true;
                    Write(output, b);
                    break;
                case (byte)'"':
                    inString = false;
                    Write(output, b);
                    break;
                case (byte)'<' or (byte)'>' or (byte)'&':
                    WriteAscii(output, string.Create(CultureInfo.InvariantCulture, $"\\u{b:x4}"));
                    break;
                case 0xE2 when i + 2 < json.Length && json[i + 1] == 0x80 && json[i + 2] is 0xA8 or 0xA9:
                    WriteAscii(output, json[i + 2] == 0xA8 ? "\\u2028" : "\\u2029");
                    i += 2;
                    break;
                default:
                    Write(output, b);
                    break;
            }
        }
    }

    /// <summary>Writes a string as a JSON string literal with Go's escaping.</summary>
    /// <param name="value">The string.</param>
    /// <param name="output">Where to write it.</param>
    public static void WriteString(string value, IBufferWriter<byte> output)
    {
        Write(output, (byte)'"');
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"':
                    WriteAscii(output, "\\\"");
                    break;
                case '\\':
                    WriteAscii(output, "\\\\");
                    break;
                case '\n':
                    WriteAscii(output, "\\n");
                    break;
                case '\r':
                    WriteAscii(output, "\\r");
                    break;
                case '\t':
                    WriteAscii(output, "\\t");
                    break;
                case < 0x20 or '<' or '>' or '&' or 0x2028 or 0x2029:
                    WriteAscii(output, string.Create(CultureInfo.InvariantCulture, $"\\u{rune.Value:x4}"));
                    break;
                default:
                    var length = rune.EncodeToUtf8(utf8);
                    output.Write(utf8[..length]);
                    break;
            }
        }

        Write(output, (byte)'"');
    }

    /// <summary>Writes ASCII text as it is.</summary>
    /// <param name="output">Where to write it.</param>
    /// <param name="text">The text (ASCII only).</param>
    public static void WriteAscii(IBufferWriter<byte> output, string text) => output.Write(Encoding.ASCII.GetBytes(text));

    private static void Write(IBufferWriter<byte> output, byte b)
    {
        output.GetSpan(1)[0] = b;
        output.Advance(1);
    }
}
