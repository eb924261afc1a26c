using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace OciRegistry.Client.Hosting.Configuration;

/// <summary>
/// Reads the values of one configuration section by hand (no reflection, so trimming and Native AOT keep working),
/// reporting each value that does not parse, and each key the section does not know, with its full path.
/// </summary>
internal sealed class SectionReader
{
    private readonly IConfiguration _section;
    private readonly string _path;
    private readonly List<string> _problems;
    private readonly HashSet<string> _known = new(StringComparer.OrdinalIgnoreCase);

    public SectionReader(IConfiguration section, string path, List<string> problems)
    {
        _section = section;
        _path = path;
        _problems = problems;
    }

    public string Path => _path;

    public List<string> Problems => _problems;

    public static string PathOf(IConfiguration section) => section is IConfigurationSection s ? s.Path : string.Empty;

    public string KeyPath(string key) => _path.Length == 0 ? key : ConfigurationPath.Combine(_path, key);

    public void Problem(string key, string message) => _problems.Add($"{KeyPath(key)}: {message}");

    /// <summary>Returns a child section, marking its key known; <see langword="null"/> when absent.</summary>
    public IConfigurationSection? Section(string key)
    {
        _known.Add(key);
        var section = _section.GetSection(key);
        return section.Exists() ? section : null;
    }

    public string? String(string key)
    {
        _known.Add(key);
        return _section[key];
    }

    public bool? Bool(string key) => Parse(key, "true or false", static (string v, out bool r) => bool.TryParse(v, out r));

    public int? Int(string key, int min, int max) => Range(key, Parse(key, "a whole number", static (string v, out int r) =>
        int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out r)), min, max);

    public long? Long(string key, long min) => Parse(key, "a whole number", static (string v, out long r) =>
        long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out r)) is { } value && Check(key, value >= min, $"must be at least {min}, not {value}") ? value : null;

    /// <summary>Reads a duration written as <c>[d.]hh:mm:ss[.fff]</c>, as the configuration binder does.</summary>
    public TimeSpan? Duration(string key, TimeSpan min, TimeSpan max)
    {
        var value = Parse(key, "a duration such as 00:00:30", static (string v, out TimeSpan r) => TimeSpan.TryParse(v, CultureInfo.InvariantCulture, out r));
        return value is { } v && Check(key, v >= min && v <= max, $"must be from {min} to {max}, not {v}") ? v : null;
    }

    public TEnum? Enum<TEnum>(string key)
        where TEnum : struct, Enum
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (System.Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value) && !int.TryParse(text, CultureInfo.InvariantCulture, out _))
        {
            return value;
        }

        Problem(key, $"\"{text}\" is not one of {string.Join(", ", System.Enum.GetNames<TEnum>())}.");
        return null;
    }

    /// <summary>Reports every key of the section that was not read, except <paramref name="ignore"/>.</summary>
    public void RejectUnknown(Func<string, bool>? ignore = null)
    {
        foreach (var child in _section.GetChildren())
        {
            if (!_known.Contains(child.Key) && (ignore is null || !ignore(child.Key)))
            {
                Problem(child.Key, $"is not a setting here (known: {string.Join(", ", _known.Order(StringComparer.Ordinal))}).");
            }
        }
    }

    private delegate bool TryParser<T>(string value, out T result);

    private T? Parse<T>(string key, string expected, TryParser<T> parse)
        where T : struct
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (parse(text.Trim(), out var value))
        {
            return value;
        }

        Problem(key, $"\"{text}\" is not {expected}.");
        return null;
    }

    private int? Range(string key, int? value, int min, int max) =>
        value is { } v && Check(key, v >= min && v <= max, $"must be from {min} to {max}, not {v}") ? v : null;

    private bool Check(string key, bool ok, string message)
    {
        if (!ok)
        {
            Problem(key, message + ".");
        }

        return ok;
    }
}
