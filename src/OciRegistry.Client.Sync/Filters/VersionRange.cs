using Semver;

namespace OciRegistry.Client.Sync.Filters;

/// <summary>
/// A version range of <c>images-by-semver</c>, in the syntax of the Masterminds (Go) constraints: comparisons joined by
/// spaces or commas ("and"), <c>||</c> ("or"), <c>~</c>, <c>^</c>, <c>x</c> wildcards and hyphen ranges. Tags are
/// read leniently as Masterminds does (<c>v1.2</c> is 1.2.0); a tag that is no version never matches.
/// </summary>
internal sealed class VersionRange
{
    private readonly SemVersionRange _range;

    private VersionRange(SemVersionRange range, string text)
    {
        _range = range;
        Text = text;
    }

    public string Text { get; }

    public static VersionRange Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // npm ranges join with spaces; Masterminds also accepts commas, and a space between an operator and its version.
        var normalized = System.Text.RegularExpressions.Regex.Replace(text.Replace(',', ' '), @"(<=|>=|<|>|=|~|\^)\s+", "$1");
        try
        {
            return new VersionRange(SemVersionRange.ParseNpm(normalized.Trim()), text);
        }
        catch (FormatException e)
        {
            throw new FormatException($"\"{text}\" is not a version range: {e.Message}", e);
        }
    }

    public bool Contains(string tag) =>
        SemVersion.TryParse(tag, SemVersionStyles.AllowV | SemVersionStyles.OptionalMinorPatch, out var version)
        && _range.Contains(version);

    public override string ToString() => Text;
}
