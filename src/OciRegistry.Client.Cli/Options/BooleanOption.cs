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

    /// <summary>
    /// Rewrites <c>--flag=VALUE</c> of boolean flags to the spellings the parser takes (<c>true</c>/<c>false</c>),
    /// accepting every form Go's <c>strconv.ParseBool</c> does (<c>1</c>, <c>t</c>, <c>F</c>, …); System.CommandLine
    /// would otherwise split a value it does not know off as a positional argument.
    /// </summary>
    /// <param name="command">The command tree (its boolean options, recursively).</param>
    /// <param name="args">The arguments.</param>
    /// <returns>The arguments with boolean values normalized.</returns>
    /// <exception cref="Hosting.CliUsageException">A boolean flag has a value that is not a boolean (skopeo's message).</exception>
    public static string[] NormalizeArguments(Command command, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(args);
        var names = new HashSet<string>(StringComparer.Ordinal);
        Collect(command, names);
        var normalized = new string[args.Count];
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            normalized[i] = arg;
            if (arg == "--")
            {
                for (var j = i + 1; j < args.Count; j++)
                {
                    normalized[j] = args[j];
                }

                break;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (!arg.StartsWith('-') || equals < 0 || !names.Contains(arg[..equals]))
            {
                continue;
            }

            var value = arg[(equals + 1)..];
            normalized[i] = TryParse(value, out var parsed)
                ? $"{arg[..equals]}={(parsed ? "true" : "false")}"
                : throw new Hosting.CliUsageException($"invalid argument \"{value}\" for \"{arg[..equals]}\" flag: strconv.ParseBool: parsing \"{value}\": invalid syntax");
        }

        return normalized;
    }

    private static void Collect(Command command, HashSet<string> names)
    {
        foreach (var option in command.Options)
        {
            if (option is Option<bool>)
            {
                names.Add(option.Name);
                names.UnionWith(option.Aliases);
            }
        }

        foreach (var child in command.Subcommands)
        {
            Collect(child, names);
        }
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
