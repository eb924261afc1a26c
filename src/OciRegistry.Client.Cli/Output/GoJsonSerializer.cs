using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using OciRegistry.Client.Copy.Formats;

namespace OciRegistry.Client.Cli.Output;

/// <summary>
/// Serializes the CLI's output values as Go's <c>encoding/json</c> does — <c>json.MarshalIndent(v, "", "    ")</c> for
/// skopeo's output, <c>json.Marshal</c> for the template function <c>json</c> — byte for byte: fields in declaration
/// order, map keys sorted, strings escaped by <see cref="GoJsonWriter.WriteString"/> (<c>&lt;</c> <c>&gt;</c>
/// <c>&amp;</c> as <c>\u003c</c> <c>\u003e</c> <c>\u0026</c>, non-ASCII kept).
/// </summary>
internal static class GoJsonSerializer
{
    /// <summary>Serializes a value.</summary>
    /// <param name="value">A string, long, int, bool, <see cref="GoTime"/>, <see cref="GoStruct"/>, list, string-keyed map, or <see langword="null"/>.</param>
    /// <param name="indent">Whether to indent with 4 spaces (skopeo's output) or write compactly.</param>
    /// <returns>The JSON text, without a trailing line break.</returns>
    public static string Serialize(object? value, bool indent)
    {
        var text = new ArrayBufferWriter<byte>();
        Write(text, value, indent, 0);
        return Encoding.UTF8.GetString(text.WrittenSpan);
    }

    /// <summary>Whether Go's <c>omitempty</c> leaves a value out: empty strings, zero numbers, false, null, empty lists and maps.</summary>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> when empty.</returns>
    public static bool IsEmpty(object? value) => value switch
    {
        null or GoNull => true,
        string s => s.Length == 0,
        long l => l == 0,
        int i => i == 0,
        bool b => !b,
        ICollection c => c.Count == 0,
        IReadOnlyDictionary<string, string> d => d.Count == 0,
        _ => false,
    };

    private static void Write(IBufferWriter<byte> text, object? value, bool indent, int depth)
    {
        switch (value)
        {
            case null or GoNull:
                GoJsonWriter.WriteAscii(text, "null");
                break;
            case string s:
                GoJsonWriter.WriteString(s, text);
                break;
            case long l:
                GoJsonWriter.WriteAscii(text, l.ToString(CultureInfo.InvariantCulture));
                break;
            case int i:
                GoJsonWriter.WriteAscii(text, i.ToString(CultureInfo.InvariantCulture));
                break;
            case bool b:
                GoJsonWriter.WriteAscii(text, b ? "true" : "false");
                break;
            case GoTime t:
                GoJsonWriter.WriteString(t.ToRfc3339Nano(), text);
                break;
            case JsonElement element:
                WriteElement(text, element, indent, depth);
                break;
            case GoStruct s:
                WriteObject(text, s.Fields.Where(f => !(f.OmitEmpty && IsEmpty(f.Value))).Select(f => new KeyValuePair<string, object?>(f.Name, f.Value)).ToList(), indent, depth);
                break;
            case IReadOnlyDictionary<string, string> map:
                WriteObject(text, map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)).ToList(), indent, depth);
                break;
            case IEnumerable list:
                WriteArray(text, list.Cast<object?>().ToList(), indent, depth);
                break;
            default:
                GoJsonWriter.WriteString(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty, text);
                break;
        }
    }

    private static void WriteElement(IBufferWriter<byte> text, JsonElement element, bool indent, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(text, element.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, p.Value)).ToList(), indent, depth);
                break;
            case JsonValueKind.Array:
                WriteArray(text, element.EnumerateArray().Select(e => (object?)e).ToList(), indent, depth);
                break;
            case JsonValueKind.String:
                GoJsonWriter.WriteString(element.GetString()!, text);
                break;
            default:
                // Numbers, true, false and null: ASCII, written as the document has them.
                GoJsonWriter.WriteAscii(text, element.GetRawText());
                break;
        }
    }

    private static void WriteObject(IBufferWriter<byte> text, List<KeyValuePair<string, object?>> members, bool indent, int depth)
    {
        if (members.Count == 0)
        {
            GoJsonWriter.WriteAscii(text, "{}");
            return;
        }

        GoJsonWriter.WriteAscii(text, "{");
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                GoJsonWriter.WriteAscii(text, ",");
            }

            NewLine(text, indent, depth + 1);
            GoJsonWriter.WriteString(members[i].Key, text);
            GoJsonWriter.WriteAscii(text, indent ? ": " : ":");
            Write(text, members[i].Value, indent, depth + 1);
        }

        NewLine(text, indent, depth);
        GoJsonWriter.WriteAscii(text, "}");
    }

    private static void WriteArray(IBufferWriter<byte> text, List<object?> items, bool indent, int depth)
    {
        if (items.Count == 0)
        {
            GoJsonWriter.WriteAscii(text, "[]");
            return;
        }

        GoJsonWriter.WriteAscii(text, "[");
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                GoJsonWriter.WriteAscii(text, ",");
            }

            NewLine(text, indent, depth + 1);
            Write(text, items[i], indent, depth + 1);
        }

        NewLine(text, indent, depth);
        GoJsonWriter.WriteAscii(text, "]");
    }

    private static void NewLine(IBufferWriter<byte> text, bool indent, int depth)
    {
        if (indent)
        {
            GoJsonWriter.WriteAscii(text, "\n" + new string(' ', depth * 4));
        }
    }
}
