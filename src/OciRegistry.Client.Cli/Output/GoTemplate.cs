using System.Collections;
using System.Globalization;
using System.Text;

namespace OciRegistry.Client.Cli.Output;

/// <summary>
/// The subset of Go's <c>text/template</c> that <c>skopeo inspect --format</c> users write: <c>{{.Field}}</c>,
/// nested fields (<c>{{.A.B}}</c>, map keys too), <c>{{.}}</c>, <c>{{json .Field}}</c>, <c>{{index .Map "key"}}</c>,
/// <c>{{len .List}}</c>, pipes (<c>{{.X | json}}</c>), <c>{{range .List}}…{{else}}…{{end}}</c>,
/// <c>{{if .X}}…{{else}}…{{end}}</c>, <c>{{with .X}}…{{end}}</c>, string literals, and <c>{{-</c>/<c>-}}</c> trimming.
/// Values print as Go's <c>fmt</c> prints them (<c>[a b]</c>, <c>map[k:v]</c>).
/// </summary>
internal sealed class GoTemplate
{
    private readonly List<Node> _nodes;

    private GoTemplate(List<Node> nodes) => _nodes = nodes;

    /// <summary>Parses a template.</summary>
    /// <param name="text">The template text.</param>
    /// <returns>The template.</returns>
    /// <exception cref="FormatException">The template is malformed or uses what the subset lacks.</exception>
    public static GoTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = Tokenize(text);
        var position = 0;
        var nodes = ParseList(tokens, ref position, out var terminator);
        if (terminator is not null)
        {
            throw new FormatException($"template: unexpected {{{{{terminator}}}}}");
        }

        return new GoTemplate(nodes);
    }

    /// <summary>Executes the template on a value.</summary>
    /// <param name="data">The value <c>.</c> starts as.</param>
    /// <returns>The text.</returns>
    /// <exception cref="FormatException">A field does not exist, or a function gets what it cannot take.</exception>
    public string Execute(object? data)
    {
        var output = new StringBuilder();
        Run(_nodes, data, output);
        return output.ToString();
    }

    /// <summary>Prints a value as Go's <c>fmt.Sprint</c> does.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string Print(object? value) => value switch
    {
        null => "<nil>",
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        GoTime t => t.ToString(),
        GoNull n => n.Printed,
        NoValue => "<no value>",
        GoStruct s => "{" + string.Join(' ', s.Fields.Select(f => Print(f.Value))) + "}",
        IReadOnlyDictionary<string, string> map => "map[" + string.Join(' ', map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{p.Value}")) + "]",
        IEnumerable list => "[" + string.Join(' ', list.Cast<object?>().Select(Print)) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static void Run(List<Node> nodes, object? dot, StringBuilder output)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    output.Append(text.Text);
                    break;
                case ActionNode action:
                    output.Append(Print(Evaluate(action.Pipeline, dot)));
                    break;
                case BlockNode { Keyword: "range" } range:
                    var items = Items(Evaluate(range.Pipeline, dot), range.Pipeline.Text);
                    if (items.Count == 0)
                    {
                        Run(range.Else, dot, output);
                    }

                    foreach (var item in items)
                    {
                        Run(range.Body, item, output);
                    }

                    break;
                case BlockNode { Keyword: "if" } conditional:
                    var condition = Evaluate(conditional.Pipeline, dot);
                    Run(IsTrue(condition) ? conditional.Body : conditional.Else, dot, output);
                    break;
                case BlockNode with:
                    var value = Evaluate(with.Pipeline, dot);
                    if (IsTrue(value))
                    {
                        Run(with.Body, value, output);
                    }
                    else
                    {
                        Run(with.Else, dot, output);
                    }

                    break;
            }
        }
    }

    private static List<object?> Items(object? value, string text) => value switch
    {
        null or GoNull => [],
        string => throw new FormatException($"template: range can't iterate over {Print(value)} in <{text}>"),
        IReadOnlyDictionary<string, string> map => [.. map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (object?)p.Value)],
        IEnumerable list => [.. list.Cast<object?>()],
        _ => throw new FormatException($"template: range can't iterate over {Print(value)} in <{text}>"),
    };

    private static bool IsTrue(object? value) => value switch
    {
        NoValue => false,
        GoStruct => true,
        GoTime => true,
        _ => !GoJsonSerializer.IsEmpty(value),
    };

    private static object? Evaluate(Pipeline pipeline, object? dot)
    {
        object? result = null;
        var first = true;
        foreach (var command in pipeline.Commands)
        {
            var args = command.Arguments.Select(a => Operand(a, dot, pipeline.Text)).ToList();
            if (!first)
            {
                args.Add(result);
            }

            if (command.Function is null)
            {
                if (args.Count != 1)
                {
                    throw new FormatException($"template: can't give argument to non-function in <{pipeline.Text}>");
                }

                result = args[0];
            }
            else
            {
                result = Call(command.Function, args, pipeline.Text);
            }

            first = false;
        }

        return result;
    }

    private static object? Call(string function, List<object?> args, string text)
    {
        switch (function)
        {
            case "json":
                Expect(function, args, 1, text);
                return GoJsonSerializer.Serialize(args[0] is NoValue ? null : args[0], indent: false);
            case "len":
                Expect(function, args, 1, text);
                return args[0] switch
                {
                    string s => (long)Encoding.UTF8.GetByteCount(s),
                    null or GoNull => 0L,
                    IReadOnlyDictionary<string, string> map => map.Count,
                    ICollection c => c.Count,
                    _ => throw new FormatException($"template: error calling len: len of type {Print(args[0])} in <{text}>"),
                };
            case "index":
                if (args.Count < 2)
                {
                    throw new FormatException($"template: wrong number of args for index: want at least 1 got {args.Count - 1} in <{text}>");
                }

                var current = args[0];
                foreach (var key in args.Skip(1))
                {
                    current = (current, key) switch
                    {
                        (IReadOnlyDictionary<string, string> map, string k) => map.TryGetValue(k, out var v) ? v : string.Empty,
                        (GoNull { Printed: "map[]" }, string) => string.Empty,
                        (IList list, long i) when i >= 0 && i < list.Count => list[(int)i],
                        _ => throw new FormatException($"template: error calling index: cannot index {Print(current)} with {Print(key)} in <{text}>"),
                    };
                }

                return current;
            case "print":
                return string.Concat(args.Select(Print));
            case "println":
                return string.Join(' ', args.Select(Print)) + "\n";
            case "upper":
                Expect(function, args, 1, text);
                return Print(args[0]).ToUpperInvariant();
            case "lower":
                Expect(function, args, 1, text);
                return Print(args[0]).ToLowerInvariant();
            default:
                throw new FormatException($"template: function \"{function}\" not defined");
        }
    }

    private static void Expect(string function, List<object?> args, int count, string text)
    {
        if (args.Count != count)
        {
            throw new FormatException($"template: wrong number of args for {function}: want {count} got {args.Count} in <{text}>");
        }
    }

    private static object? Operand(string token, object? dot, string text)
    {
        if (token.StartsWith('"'))
        {
            return Unquote(token);
        }

        if (token.StartsWith('`'))
        {
            return token[1..^1];
        }

        if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        if (token is "true" or "false")
        {
            return token == "true";
        }

        if (token == ".")
        {
            return dot;
        }

        if (!token.StartsWith('.'))
        {
            throw new FormatException($"template: function \"{token}\" not defined");
        }

        var value = dot;
        foreach (var name in token[1..].Split('.'))
        {
            value = value switch
            {
                GoStruct s when s.TryGet(name, out var field) => field.Value,
                IReadOnlyDictionary<string, string> map => map.TryGetValue(name, out var v) ? v : NoValue.Instance,
                GoNull { Printed: "map[]" } => NoValue.Instance,
                _ => throw new FormatException($"template: executing at <{token}>: can't evaluate field {name} in <{text}>"),
            };
        }

        return value;
    }

    private static string Unquote(string token)
    {
        var text = new StringBuilder();
        for (var i = 1; i < token.Length - 1; i++)
        {
            var c = token[i];
            if (c == '\\' && i + 1 < token.Length - 1)
            {
                i++;
                text.Append(token[i] switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    _ => token[i],
                });
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                tokens.Add(new Token(false, text[position..]));
                break;
            }

            var literal = text[position..open];
            var start = open + 2;
            if (start + 1 < text.Length && text[start] == '-' && text[start + 1] is ' ' or '\t' or '\n' or '\r')
            {
                literal = literal.TrimEnd(' ', '\t', '\n', '\r');
                start++;
            }

            if (literal.Length > 0)
            {
                tokens.Add(new Token(false, literal));
            }

            var close = FindClose(text, start);
            var end = close + 2;
            var inner = text[start..close];
            if (inner.Length >= 2 && inner[^1] == '-' && inner[^2] is ' ' or '\t' or '\n' or '\r')
            {
                inner = inner[..^1];
                while (end < text.Length && text[end] is ' ' or '\t' or '\n' or '\r')
                {
                    end++;
                }
            }

            tokens.Add(new Token(true, inner.Trim()));
            position = end;
        }

        return tokens;
    }

    private static int FindClose(string text, int start)
    {
        var quoted = false;
        for (var i = start; i + 1 < text.Length; i++)
        {
            if (text[i] == '"' && (i == start || text[i - 1] != '\\'))
            {
                quoted = !quoted;
            }
            else if (!quoted && text[i] == '}' && text[i + 1] == '}')
            {
                return i;
            }
        }

        throw new FormatException("template: unclosed action");
    }

    private static List<Node> ParseList(List<Token> tokens, ref int position, out string? terminator)
    {
        var nodes = new List<Node>();
        while (position < tokens.Count)
        {
            var token = tokens[position++];
            if (!token.IsAction)
            {
                nodes.Add(new TextNode(token.Text));
                continue;
            }

            var keyword = token.Text.Split(' ', 2)[0];
            switch (keyword)
            {
                case "end" or "else":
                    terminator = keyword;
                    return nodes;
                case "range" or "if" or "with":
                    var pipeline = ParsePipeline(token.Text[keyword.Length..].Trim());
                    var body = ParseList(tokens, ref position, out var end);
                    List<Node> otherwise = [];
                    if (end == "else")
                    {
                        otherwise = ParseList(tokens, ref position, out end);
                    }

                    if (end != "end")
                    {
                        throw new FormatException($"template: unexpected EOF: {{{{{keyword}}}}} without {{{{end}}}}");
                    }

                    nodes.Add(new BlockNode(keyword, pipeline, body, otherwise));
                    break;
                case "/*":
                    break;
                default:
                    if (token.Text.StartsWith("/*", StringComparison.Ordinal))
                    {
                        break;
                    }

                    nodes.Add(new ActionNode(ParsePipeline(token.Text)));
                    break;
            }
        }

        terminator = null;
        return nodes;
    }

    private static Pipeline ParsePipeline(string text)
    {
        if (text.Length == 0)
        {
            throw new FormatException("template: missing value for command");
        }

        if (text.Contains(":=", StringComparison.Ordinal) || text.Contains('$', StringComparison.Ordinal))
        {
            throw new FormatException($"template: variables are not supported by ocireg's template subset: <{text}>");
        }

        var commands = new List<CommandNode>();
        foreach (var part in SplitOutsideQuotes(text, '|'))
        {
            var words = SplitOutsideQuotes(part.Trim(), ' ').Where(w => w.Length > 0).ToList();
            if (words.Count == 0)
            {
                throw new FormatException($"template: missing command in <{text}>");
            }

            var head = words[0];
            var isOperand = head.StartsWith('.') || head.StartsWith('"') || head.StartsWith('`') || char.IsAsciiDigit(head[0]) || head[0] == '-' || head is "true" or "false";
            commands.Add(isOperand ? new CommandNode(null, words) : new CommandNode(head, words.Skip(1).ToList()));
        }

        return new Pipeline(text, commands);
    }

    private static List<string> SplitOutsideQuotes(string text, char separator)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                current.Append(c);
                if (c == '\\' && quote == '"' && i + 1 < text.Length)
                {
                    current.Append(text[++i]);
                }
                else if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '`')
            {
                quote = c;
                current.Append(c);
            }
            else if (c == separator || (separator == ' ' && c == '\t'))
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        if (quote != '\0')
        {
            throw new FormatException($"template: unterminated quoted string in <{text}>");
        }

        parts.Add(current.ToString());
        return parts;
    }

    private sealed class NoValue
    {
        public static NoValue Instance { get; } = new();
    }

    private readonly record struct Token(bool IsAction, string Text);

    private abstract record Node;

    private sealed record TextNode(string Text) : Node;

    private sealed record ActionNode(Pipeline Pipeline) : Node;

    private sealed record BlockNode(string Keyword, Pipeline Pipeline, List<Node> Body, List<Node> Else) : Node;

    private sealed record Pipeline(string Text, List<CommandNode> Commands);

    private sealed record CommandNode(string? Function, List<string> Arguments);
}
