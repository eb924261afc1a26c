namespace OciRegistry.Client.Http.Paging;

/// <summary>
/// Reads the <c>Link</c> response header (RFC 8288) far enough to find the <c>rel="next"</c> target: several
/// link-values in one header or spread over several headers, parameters in any order, values as tokens or quoted
/// strings (with backslash escapes), and <c>rel</c> holding a space-separated list of relation types.
/// </summary>
internal static class LinkHeader
{
    /// <summary>Returns the URI-reference (as written, unresolved) of the first link whose relations include <c>next</c>.</summary>
    public static string? FindNext(IEnumerable<string> headerValues)
    {
        foreach (var value in headerValues)
        {
            if (FindNext(value) is { } next)
            {
                return next;
            }
        }

        return null;
    }

    /// <summary>Returns the URI-reference of the first <c>rel="next"</c> link in one header value.</summary>
    public static string? FindNext(string headerValue)
    {
        var s = headerValue;
        var i = 0;
        while (true)
        {
            SkipWhitespaceAndCommas(s, ref i);
            if (i >= s.Length)
            {
                return null;
            }

            if (s[i] != '<')
            {
                // Not a link-value: skip it whole, so one malformed entry does not hide the others.
                SkipToNextLinkValue(s, ref i);
                continue;
            }

            var close = s.IndexOf('>', i + 1);
            if (close < 0)
            {
                return null;
            }

            var target = s[(i + 1)..close].Trim();
            i = close + 1;
            string? rel = null;
            while (true)
            {
                SkipWhitespace(s, ref i);
                if (i >= s.Length || s[i] == ',')
                {
                    break;
                }

                if (s[i] != ';')
                {
                    SkipToNextLinkValue(s, ref i);
                    break;
                }

                i++;
                SkipWhitespace(s, ref i);
                var name = ReadToken(s, ref i);
                SkipWhitespace(s, ref i);
                string? value = null;
                if (i < s.Length && s[i] == '=')
                {
                    i++;
                    SkipWhitespace(s, ref i);
                    value = i < s.Length && s[i] == '"' ? ReadQuoted(s, ref i) : ReadToken(s, ref i);
                }

                // RFC 8288 §3.3: occurrences of rel after the first are ignored.
                if (rel is null && name.Equals("rel", StringComparison.OrdinalIgnoreCase))
                {
                    rel = value ?? string.Empty;
                }
            }

            if (rel is not null && target.Length > 0 && HasRelation(rel, "next"))
            {
                return target;
            }
        }
    }

    private static bool HasRelation(string rel, string relation)
    {
        foreach (var type in rel.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (type.Equals(relation, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static void SkipWhitespace(string s, ref int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t')
        {
            i++;
        }
    }

    private static void SkipWhitespaceAndCommas(string s, ref int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t' or ',')
        {
            i++;
        }
    }

    // Moves past the current link-value to the comma that ends it, stepping over quoted strings and <…> targets.
    private static void SkipToNextLinkValue(string s, ref int i)
    {
        while (i < s.Length && s[i] != ',')
        {
            if (s[i] == '"')
            {
                _ = ReadQuoted(s, ref i);
            }
            else if (s[i] == '<')
            {
                var close = s.IndexOf('>', i + 1);
                i = close < 0 ? s.Length : close + 1;
            }
            else
            {
                i++;
            }
        }
    }

    private static string ReadToken(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && s[i] is not (' ' or '\t' or ';' or ',' or '=' or '"'))
        {
            i++;
        }

        return s[start..i];
    }

    // Reads a quoted-string starting at the opening quote; an unterminated one runs to the end of the value.
    private static string ReadQuoted(string s, ref int i)
    {
        var builder = new System.Text.StringBuilder();
        i++;
        while (i < s.Length && s[i] != '"')
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                i++;
            }

            builder.Append(s[i]);
            i++;
        }

        if (i < s.Length)
        {
            i++;
        }

        return builder.ToString();
    }
}
