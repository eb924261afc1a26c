using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace OciRegistry.Client.Cli.Hosting;

/// <summary>
/// The lines a command line that does not parse is reported with: each problem once, in the words of the command
/// line (flags and argument names), never the parser's .NET type names.
/// </summary>
internal static class ParseErrors
{
    /// <summary>Describes the parse errors of <paramref name="result"/>.</summary>
    /// <param name="result">A parse result with errors.</param>
    /// <returns>One line per distinct problem, without the <c>ocireg: </c> prefix.</returns>
    public static IReadOnlyList<string> Describe(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var command = result.CommandResult;
        var missing = command.Command.Arguments
            .Where(a => a.Arity.MinimumNumberOfValues > 0 && result.GetResult(a) is not { Tokens.Count: > 0 })
            .ToList();
        var lines = new List<string>();
        foreach (var error in result.Errors)
        {
            var line = error.SymbolResult switch
            {
                // One line for every missing positional argument of the verb, rather than one identical line each.
                CommandResult c when c == command && missing.Count > 0 => Missing(command.Command, missing),
                ArgumentResult { Argument: var a } when missing.Contains(a) => Missing(command.Command, missing),
                ArgumentResult { Parent: OptionResult option } argument => Conversion(option, argument) ?? error.Message,
                OptionResult option => Conversion(option, null) ?? error.Message,
                _ => error.Message,
            };
            if (!lines.Contains(line, StringComparer.Ordinal))
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    private static string Missing(Command command, IReadOnlyList<Argument> missing)
    {
        var expected = string.Join(' ', command.Arguments.Select(a => a.Name));
        var count = command.Arguments.Count(a => a.Arity.MinimumNumberOfValues > 0);
        return $"\"{command.Name}\" expects {Number(count)} argument{(count == 1 ? string.Empty : "s")} ({expected}): missing {string.Join(", ", missing.Select(a => a.Name))}";
    }

    private static string Number(int count) => count switch
    {
        1 => "one",
        2 => "two",
        _ => count.ToString(CultureInfo.InvariantCulture),
    };

    // A value the option's type cannot hold, worded as pflag words it (skopeo's flags), with the form expected.
    private static string? Conversion(OptionResult option, ArgumentResult? argument)
    {
        var type = Nullable.GetUnderlyingType(option.Option.ValueType) ?? option.Option.ValueType;
        var expected = type == typeof(int) || type == typeof(long) ? "an integer"
            : type == typeof(uint) || type == typeof(ulong) ? "a non-negative integer"
            : null;
        var tokens = argument?.Tokens ?? option.Tokens;
        var token = tokens.Count > 0 ? tokens[0].Value : null;
        if (expected is null || token is null || long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            return null;
        }

        return $"invalid argument \"{token}\" for \"{option.Option.Name}\" flag: expected {expected}, for example {option.Option.Name} 3";
    }
}
