using System.CommandLine;
using System.CommandLine.Parsing;

namespace OciRegistry.Client.Cli.Options;

/// <summary>
/// Boolean flags as skopeo (pflag) takes them — <c>--flag</c>, <c>--flag=true</c>, <c>--flag=false</c> — and also the
/// space-separated <c>--flag false</c>, which pflag would read as a positional argument.
/// </summary>
internal static class BooleanOption
{
    /// <summary>Creates a boolean option that is true when given bare and false when not given at all.</summary>
    /// <param name="name">The option's name, for example <c>--tls-verify</c>.</param>
    /// <param name="description">The help text.</param>
    /// <param name="aliases">Other names, for example <c>-a</c>.</param>
    /// <returns>The option.</returns>
    public static Option<bool> Create(string name, string description, params string[] aliases)
    {
        var option = new Option<bool>(name, aliases)
        {
            Description = description,
            Arity = ArgumentArity.ZeroOrOne,
            CustomParser = Parse,
        };
        return option;
    }

    /// <summary>Whether the option was written on the command line (as opposed to taking its default).</summary>
    /// <param name="result">The parse result.</param>
    /// <param name="option">The option.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public static bool IsPresent(ParseResult result, Option option)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.GetResult(option) is { Implicit: false };
    }

    /// <summary>Parses the value of a boolean flag as Go's <c>strconv.ParseBool</c> does.</summary>
    /// <param name="value">The text after <c>=</c> or the next token.</param>
    /// <param name="parsed">The value.</param>
    /// <returns><see langword="true"/> when the text is a boolean.</returns>
    public static bool TryParse(string value, out bool parsed)
    {
        switch (value)
        {
            case "1" or "t" or "T" or "true" or "TRUE" or "True":
                parsed = true;
                return true;
            case "0" or "f" or "F" or "false" or "FALSE" or "False":
                parsed = false;
                return true;
            default:
                parsed = false;
                return false;
        }
    }

    private static bool Parse(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return true;
        }

        var text = result.Tokens[0].Value;
        if (TryParse(text, out var value))
        {
            return value;
        }

        result.AddError($"invalid argument \"{text}\" for \"{((OptionResult)result.Parent!).Option.Name}\" flag: strconv.ParseBool: parsing \"{text}\": invalid syntax");
        return false;
    }
}
