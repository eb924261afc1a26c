using System.Collections.Immutable;
using System.Text;

namespace OciRegistry.Client.Auth.Challenges;

/// <summary>
/// Parses <c>WWW-Authenticate</c> header values (RFC 7235 §4.1): several comma-separated challenges per value,
/// auth parameters with token or quoted-string values (backslash escapes, commas inside quotes), or a token68.
/// Lenient where registries are: unquoted values may hold any character but comma and whitespace (<c>realm=https://…</c>),
/// and a malformed challenge is skipped rather than failing the rest.
/// </summary>
internal static class WwwAuthenticateParser
{
    public static IReadOnlyList<AuthenticationChallenge> Parse(IEnumerable<string> headerValues)
    {
        ArgumentNullException.ThrowIfNull(headerValues);
        var challenges = new List<AuthenticationChallenge>();
        foreach (var value in headerValues)
        {
            ParseValue(value, challenges);
        }

        return challenges;
    }

    public static IReadOnlyList<AuthenticationChallenge> Parse(string headerValue) => Parse([headerValue]);

    /// <summary>Reads every <c>WWW-Authenticate</c> header of a response as it was received.</summary>
    public static IReadOnlyList<AuthenticationChallenge> Parse(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var values)
            ? Parse(values)
            : [];
    }

    private static void ParseValue(string? value, List<AuthenticationChallenge> challenges)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        var position = 0;
        while (true)
        {
            SkipSeparators(value, ref position);
            if (position >= value.Length)
            {
                return;
            }

            var scheme = ReadToken(value, ref position);
            if (scheme.Length == 0)
            {
                // Not a challenge: skip to the next comma and try again there.
                SkipPast(value, ref position);
                continue;
            }

            var parameters = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.OrdinalIgnoreCase);
            string? token68 = null;
            SkipWhitespace(value, ref position);
            if (position < value.Length && value[position] != ',' && TryReadToken68(value, ref position, out var t68))
            {
                token68 = t68;
            }
            else
            {
                ReadParameters(value, ref position, parameters);
            }

            challenges.Add(new AuthenticationChallenge(scheme, parameters.ToImmutable(), token68));
        }
    }

    /// <summary>Reads <c>name=value</c> pairs until the next challenge (a token not followed by <c>=</c>) or the end.</summary>
    private static void ReadParameters(string value, ref int position, ImmutableDictionary<string, string>.Builder parameters)
    {
        while (true)
        {
            SkipSeparators(value, ref position);
            if (position >= value.Length)
            {
                return;
            }

            var start = position;
            var name = ReadToken(value, ref position);
            SkipWhitespace(value, ref position);
            if (name.Length == 0 || position >= value.Length || value[position] != '=')
            {
                // The start of the next challenge (or garbage, which the caller skips).
                position = start;
                if (name.Length == 0)
                {
                    SkipPast(value, ref position);
                    continue;
                }

                return;
            }

            position++; // '='
            SkipWhitespace(value, ref position);
            var parameterValue = position < value.Length && value[position] == '"'
                ? ReadQuotedString(value, ref position)
                : ReadBareValue(value, ref position);
            parameters.TryAdd(name, parameterValue);
        }
    }

    /// <summary>
    /// A token68 is the only thing after the scheme: token68 characters, then optional '=' padding, then the end of
    /// the value or a comma. Anything else (a '=' followed by a value) is an auth parameter.
    /// </summary>
    private static bool TryReadToken68(string value, ref int position, out string token68)
    {
        var start = position;
        var end = position;
        while (end < value.Length && IsToken68Char(value[end]))
        {
            end++;
        }

        if (end == start)
        {
            token68 = string.Empty;
            return false;
        }

        var padded = end;
        while (padded < value.Length && value[padded] == '=')
        {
            padded++;
        }

        var after = padded;
        SkipWhitespace(value, ref after);
        if (after < value.Length && value[after] != ',')
        {
            token68 = string.Empty;
            return false;
        }

        // "name=" followed by a comma or the end would be a parameter without a value, which the grammar does not
        // allow, so padding at the end is token68 padding.
        token68 = value[start..padded];
        position = after;
        return true;
    }

    private static string ReadToken(string value, ref int position)
    {
        var start = position;
        while (position < value.Length && IsTokenChar(value[position]))
        {
            position++;
        }

        return value[start..position];
    }

    private static string ReadBareValue(string value, ref int position)
    {
        var start = position;
        while (position < value.Length && value[position] != ',' && !IsWhitespace(value[position]))
        {
            position++;
        }

        return value[start..position];
    }

    private static string ReadQuotedString(string value, ref int position)
    {
        position++; // opening quote
        var text = new StringBuilder();
        while (position < value.Length)
        {
            var c = value[position++];
            if (c == '"')
            {
                return text.ToString();
            }

            if (c == '\\' && position < value.Length)
            {
                c = value[position++];
            }

            text.Append(c);
        }

        // An unterminated quoted string runs to the end of the value.
        return text.ToString();
    }

    private static void SkipSeparators(string value, ref int position)
    {
        while (position < value.Length && (value[position] == ',' || IsWhitespace(value[position])))
        {
            position++;
        }
    }

    private static void SkipWhitespace(string value, ref int position)
    {
        while (position < value.Length && IsWhitespace(value[position]))
        {
            position++;
        }
    }

    /// <summary>Moves past the next comma that is not inside a quoted string.</summary>
    private static void SkipPast(string value, ref int position)
    {
        var quoted = false;
        while (position < value.Length)
        {
            var c = value[position++];
            if (quoted && c == '\\')
            {
                position++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                return;
            }
        }
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t';

    // RFC 7230 tchar.
    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

    private static bool IsToken68Char(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '+' or '/';
}
