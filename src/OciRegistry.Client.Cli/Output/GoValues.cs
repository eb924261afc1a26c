using System.Globalization;

namespace OciRegistry.Client.Cli.Output;

/// <summary>
/// A Go struct as skopeo's output types are: named fields in declaration order, some <c>omitempty</c>. Go-compatible
/// JSON (<see cref="GoJsonSerializer"/>) and Go templates (<see cref="GoTemplate"/>) both read it.
/// </summary>
internal sealed class GoStruct
{
    private readonly List<GoField> _fields = [];

    /// <summary>Gets the fields in declaration order.</summary>
    public IReadOnlyList<GoField> Fields => _fields;

    /// <summary>Adds a field.</summary>
    /// <param name="name">The Go field name (also its JSON name).</param>
    /// <param name="value">A string, long, bool, <see cref="GoTime"/>, <see cref="GoStruct"/>, list, string map, or <see langword="null"/>.</param>
    /// <param name="omitEmpty">Whether JSON leaves the field out when it is empty (<c>json:",omitempty"</c>).</param>
    /// <returns>This struct.</returns>
    public GoStruct Add(string name, object? value, bool omitEmpty = false)
    {
        _fields.Add(new GoField(name, value, omitEmpty));
        return this;
    }

    /// <summary>Finds a field by name (case-sensitive, as Go templates are).</summary>
    /// <param name="name">The field name.</param>
    /// <param name="field">The field.</param>
    /// <returns><see langword="true"/> when the struct has it.</returns>
    public bool TryGet(string name, out GoField field)
    {
        foreach (var candidate in _fields)
        {
            if (string.Equals(candidate.Name, name, StringComparison.Ordinal))
            {
                field = candidate;
                return true;
            }
        }

        field = default;
        return false;
    }
}

/// <summary>One field of a <see cref="GoStruct"/>.</summary>
/// <param name="Name">The field name.</param>
/// <param name="Value">The value.</param>
/// <param name="OmitEmpty">Whether JSON omits it when empty.</param>
internal readonly record struct GoField(string Name, object? Value, bool OmitEmpty);

/// <summary>
/// A timestamp kept as Go has it (nanoseconds and the original offset), which <see cref="DateTimeOffset"/> would round
/// to 100 ns: JSON prints RFC 3339 with nanoseconds, templates print Go's <c>time.Time.String()</c>.
/// </summary>
internal sealed class GoTime
{
    private GoTime(DateTimeOffset seconds, string fraction)
    {
        Seconds = seconds;
        Fraction = fraction;
    }

    /// <summary>Gets the time truncated to whole seconds, with its offset.</summary>
    public DateTimeOffset Seconds { get; }

    /// <summary>Gets the fractional second digits without trailing zeros (at most 9), or empty.</summary>
    public string Fraction { get; }

    /// <summary>Parses an RFC 3339 timestamp as image configs carry it.</summary>
    /// <param name="text">The timestamp.</param>
    /// <returns>The time, or <see langword="null"/> when the text is not RFC 3339.</returns>
    public static GoTime? TryParse(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length < 20)
        {
            return null;
        }

        // Split off the fraction, which may have up to 9 digits; DateTimeOffset parses the rest.
        var fraction = string.Empty;
        var withoutFraction = text;
        var dot = text.IndexOf('.', 19);
        if (dot == 19)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            fraction = text[(dot + 1)..end];
            if (fraction.Length is 0 or > 9)
            {
                return null;
            }

            withoutFraction = text[..dot] + text[end..];
        }

        if (!DateTimeOffset.TryParseExact(
            withoutFraction,
            ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:sszzz"],
            CultureInfo.InvariantCulture,
            DateTimeStyles.None,
            out var seconds))
        {
            return null;
        }

        return new GoTime(seconds, fraction.TrimEnd('0'));
    }

    /// <summary>Formats as Go's <c>time.RFC3339Nano</c>, which is how <c>encoding/json</c> writes a time.</summary>
    /// <returns>For example <c>2026-11-26T19:11:21.425852746Z</c>.</returns>
    public string ToRfc3339Nano()
    {
        var text = Seconds.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        if (Fraction.Length > 0)
        {
            text += "." + Fraction;
        }

        return text + (Seconds.Offset == TimeSpan.Zero ? "Z" : Seconds.ToString("zzz", CultureInfo.InvariantCulture));
    }

    /// <summary>Formats as Go's <c>time.Time.String()</c>.</summary>
    /// <returns>For example <c>2026-11-26 19:11:21.425852746 +0000 UTC</c>.</returns>
    public override string ToString()
    {
        var text = Seconds.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        if (Fraction.Length > 0)
        {
            text += "." + Fraction;
        }

        var offset = Seconds.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var numeric = string.Create(CultureInfo.InvariantCulture, $"{sign}{Math.Abs(offset.Hours):00}{Math.Abs(offset.Minutes):00}");
        return $"{text} {numeric} {(offset == TimeSpan.Zero ? "UTC" : numeric)}";
    }
}
