using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace OciRegistry.Client.Sync.Filters;

/// <summary>
/// A tag regular expression, matched anywhere in the tag as Go's <c>MatchString</c> does for the
/// <c>images-by-tag-regex</c> of a sync YAML file. Non-backtracking, so a pattern from a YAML file cannot take
/// exponential time.
/// </summary>
internal sealed class TagPattern
{
    private readonly Regex _regex;

    private TagPattern(Regex regex) => _regex = regex;

    public string Pattern => _regex.ToString();

    public static TagPattern Create(string pattern) =>
        TryCreate(pattern, out var created, out var error) ? created : throw new ArgumentException($"\"{pattern}\" is not a valid regular expression: {error}", nameof(pattern));

    public static bool TryCreate(string pattern, [NotNullWhen(true)] out TagPattern? created, out string error)
    {
        try
        {
            created = new TagPattern(new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking));
            error = string.Empty;
            return true;
        }
        catch (ArgumentException e)
        {
            created = null;
            error = e.Message;
            return false;
        }
        catch (NotSupportedException e)
        {
            // Backreferences and lookarounds, which RE2 (Go's regexp) does not have either.
            created = null;
            error = e.Message;
            return false;
        }
    }

    public bool IsMatch(string tag) => _regex.IsMatch(tag);
}
