using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OciRegistry.Client.Trust.Sigstore.Verification;

/// <summary>
/// The JSON Canonicalization Scheme (RFC 8785): object members sorted by their names' UTF-16 code units, no
/// whitespace, strings with only the escapes JSON requires, numbers as ECMAScript prints them. Rekor signs its entry
/// timestamps over this form, so the same entry hashes the same whichever way it was re-serialized on the way.
/// </summary>
internal static class CanonicalJson
{
    public static byte[] Transform(JsonElement element)
    {
        var builder = new StringBuilder();
        Write(element, builder);
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static void Write(JsonElement element, StringBuilder builder)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = element.EnumerateObject().Select(p => (p.Name, p.Value)).ToList();
                members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                builder.Append('{');
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    WriteString(members[i].Name, builder);
                    builder.Append(':');
                    Write(members[i].Value, builder);
                }

                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    Write(item, builder);
                }

                builder.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(element.GetString()!, builder);
                break;
            case JsonValueKind.Number:
                builder.Append(FormatNumber(element.GetDouble()));
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            default:
                builder.Append("null");
                break;
        }
    }

    private static void WriteString(string value, StringBuilder builder)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }

    /// <summary>ECMAScript's Number.prototype.toString for finite doubles (ECMA-262, Number::toString).</summary>
    internal static string FormatNumber(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new FormatException("JSON numbers are finite");
        }

        if (value == 0)
        {
            return "0";
        }

        var negative = value < 0;

        // "R" prints the shortest digits that round-trip; value = 0.DIGITS × 10^n once leading zeros are gone.
        var text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = text.IndexOf('E', StringComparison.Ordinal);
        var exponent = exponentAt >= 0
            ? int.Parse(text[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
            : 0;
        var body = exponentAt >= 0 ? text[..exponentAt] : text;
        var dot = body.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = dot >= 0 ? body[..dot] : body;
        var mantissa = integerDigits + (dot >= 0 ? body[(dot + 1)..] : string.Empty);
        var n = integerDigits.Length + exponent;
        var leadingZeros = mantissa.Length - mantissa.TrimStart('0').Length;
        mantissa = mantissa[leadingZeros..].TrimEnd('0');
        n -= leadingZeros;
        var k = mantissa.Length;
        string result;
        if (k <= n && n <= 21)
        {
            result = mantissa + new string('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            result = mantissa[..n] + "." + mantissa[n..];
        }
        else if (-6 < n && n <= 0)
        {
            result = "0." + new string('0', -n) + mantissa;
        }
        else
        {
            var e = n - 1;
            var sign = e < 0 ? "-" : "+";
            result = (k == 1 ? mantissa : mantissa[..1] + "." + mantissa[1..]) + "e" + sign + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
        }

        return negative ? "-" + result : result;
    }
}
