using System.Globalization;
using OciRegistry.Client.Cli.Hosting;

namespace OciRegistry.Client.Cli.Options;

/// <summary>Durations as skopeo writes them (Go's <c>time.ParseDuration</c>): <c>1.5s</c>, <c>300ms</c>, <c>1m30s</c>, <c>2h</c>.</summary>
internal static class GoDuration
{
    /// <summary>Parses a Go duration.</summary>
    /// <param name="text">The text.</param>
    /// <param name="flag">The flag it came from, for the error message.</param>
    /// <returns>The duration.</returns>
    /// <exception cref="CliUsageException">The text is not a duration.</exception>
    public static TimeSpan Parse(string text, string flag)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParse(text, out var value))
        {
            return value;
        }

        throw new CliUsageException($"invalid argument \"{text}\" for \"{flag}\" flag: time: invalid duration \"{text}\"");
    }

    /// <summary>Parses a Go duration.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The duration.</param>
    /// <returns><see langword="true"/> when the text is a duration.</returns>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text == "0")
        {
            return true;
        }

        var span = text.AsSpan();
        var negative = false;
        if (span[0] is '-' or '+')
        {
            negative = span[0] == '-';
            span = span[1..];
        }

        double ticks = 0;
        var any = false;
        while (span.Length > 0)
        {
            var numberLength = 0;
            while (numberLength < span.Length && (char.IsAsciiDigit(span[numberLength]) || span[numberLength] == '.'))
            {
                numberLength++;
            }

            if (numberLength == 0 || !double.TryParse(span[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            span = span[numberLength..];
            var unitLength = 0;
            while (unitLength < span.Length && !char.IsAsciiDigit(span[unitLength]) && span[unitLength] != '.')
            {
                unitLength++;
            }

            double? unit = span[..unitLength] switch
            {
                "ns" => 0.01,
                "us" or "µs" or "μs" => 10,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => null,
            };
            if (unit is null)
            {
                return false;
            }

            ticks += number * unit.Value;
            span = span[unitLength..];
            any = true;
        }

        if (!any || ticks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)(negative ? -ticks : ticks));
        return true;
    }
}
