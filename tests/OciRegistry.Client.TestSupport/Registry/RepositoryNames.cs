using System.Text;

namespace OciRegistry.Client.TestSupport.Registry;

/// <summary>
/// Turns a free-form prefix into repository path components valid under the distribution reference grammar
/// (<c>[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*</c> per component, components joined by <c>/</c>): lowercase,
/// every run of other characters becomes one <c>-</c>, empty components are dropped.
/// </summary>
internal static class RepositoryNames
{
    // Leaves room for the unique suffix and a registry host under the 255-character name limit.
    private const int MaxPrefixLength = 100;

    public static string Create(string prefix, string uniqueSuffix)
    {
        var components = (prefix ?? string.Empty)
            .ToLowerInvariant()
            .Split('/')
            .Select(Sanitize)
            .Where(c => c.Length > 0)
            .ToList();
        if (components.Count == 0)
        {
            components.Add("repo");
        }

        var name = string.Join('/', components);
        if (name.Length > MaxPrefixLength)
        {
            name = name[..MaxPrefixLength].TrimEnd('-', '/');
        }

        return $"{name}-{uniqueSuffix}";
    }

    private static string Sanitize(string component)
    {
        var text = new StringBuilder(component.Length);
        var pendingSeparator = false;
        foreach (var c in component)
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                if (pendingSeparator && text.Length > 0)
                {
                    text.Append('-');
                }

                pendingSeparator = false;
                text.Append(c);
            }
            else
            {
                pendingSeparator = true;
            }
        }

        return text.ToString();
    }
}
