using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OciRegistry.Client.Cli.Output;

/// <summary>
/// Writes values as Go's <c>encoding/json</c> does — <c>json.MarshalIndent(v, "", "    ")</c> for skopeo's output,
/// <c>json.Marshal</c> for the template function <c>json</c> — byte for byte: fields in declaration order, map keys
/// sorted, <c>&lt;</c> <c>&gt;</c> <c>&amp;</c> escaped as <c>\u003c</c> <c>\u003e</c> <c>\u0026</c>, non-ASCII kept.
/// </summary>
internal static class GoJson
{
    /// <summary>Serializes a value.</summary>
    /// <param name="value">A string, long, int, bool, <see cref="GoTime"/>, <see cref="GoStruct"/>, list, string-keyed map, or <see langword="null"/>.</param>
    /// <param name="indent">Whether to indent with 4 spaces (skopeo's output) or write compactly.</param>
    /// <returns>The JSON text, without a trailing line break.</returns>
    public static string Serialize(object? value, bool indent)
    {
        var text = new StringBuilder();
        Write(text, value, indent, 0);
        return text.ToString();
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

    private static void Write(StringBuilder text, object? value, bool indent, int depth)
    {
        switch (value)
        {
            case null or GoNull:
                text.Append("null");
                break;
            case string s:
                WriteString(text, s);
                break;
            case long l:
                text.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case int i:
                text.Append(i.ToString(CultureInfo.InvariantCulture));
                break;
            case bool b:
                text.Append(b ? "true" : "false");
                break;
            case GoTime t:
                WriteString(text, t.ToRfc3339Nano());
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
                WriteString(text, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
                break;
        }
    }

    private static void WriteElement(StringBuilder text, JsonElement element, bool indent, int depth)
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
                WriteString(text, element.GetString()!);
                break;
            default:
                text.Append(element.GetRawText());
                break;
        }
    }

    private static void WriteObject(StringBuilder text, List<KeyValuePair<string, object?>> members, bool indent, int depth)
    {
        if (members.Count == 0)
        {
            text.Append("{}");
            return;
        }

        text.Append('{');
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            NewLine(text, indent, depth + 1);
            WriteString(text, members[i].Key);
            text.Append(indent ? ": " : ":");
            Write(text, members[i].Value, indent, depth + 1);
        }

        NewLine(text, indent, depth);
        text.Append('}');
    }

    private static void WriteArray(StringBuilder text, List<object?> items, bool indent, int depth)
    {
        if (items.Count == 0)
        {
            text.Append("[]");
            return;
        }

        text.Append('[');
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            NewLine(text, indent, depth + 1);
            Write(text, items[i], indent, depth + 1);
        }

        NewLine(text, indent, depth);
        text.Append(']');
    }

    private static void NewLine(StringBuilder text, bool indent, int depth)
    {
        if (indent)
        {
            text.Append('\n').Append(' ', depth * 4);
        }
    }

    /// <summary>Writes a string with Go's escaping.</summary>
    /// <param name="text">The output.</param>
    /// <param name="value">The string.</param>
    internal static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                case '<' or '>' or '&' or '\u2028' or '\u2029':
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                case < ' ':
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        text.Append('"');
    }
}
