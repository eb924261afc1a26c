namespace OciRegistry.Client.CopyBenchmark;

/// <summary>The few arguments the host takes: positional values and <c>--name value</c> options, which may repeat.</summary>
internal sealed class CommandLine
{
    private readonly List<string> _positional = [];
    private readonly List<(string Name, string Value)> _options = [];

    public CommandLine(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                if (i + 1 >= args.Count)
                {
                    throw new ArgumentException($"{args[i]} needs a value.");
                }

                _options.Add((args[i], args[++i]));
            }
            else
            {
                _positional.Add(args[i]);
            }
        }
    }

    public IReadOnlyList<string> Positional => _positional;

    public IEnumerable<string> All(string name) => _options.Where(o => o.Name == name).Select(o => o.Value);

    public string? Optional(string name) => All(name).LastOrDefault();

    public string Required(string name) => Optional(name) ?? throw new ArgumentException($"{name} is required.");

    public long Int64(string name, long defaultValue) =>
        Optional(name) is { } text ? long.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : defaultValue;
}
