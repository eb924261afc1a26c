using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Cli.Options;

/// <summary>The <c>--platform os/arch[/variant][,…]</c> flag of <c>copy</c> (repeatable).</summary>
internal static class PlatformList
{
    /// <summary>Parses every value of the flag; each may hold several platforms separated by commas.</summary>
    /// <param name="values">The flag's values.</param>
    /// <returns>The platforms, in order, without duplicates.</returns>
    /// <exception cref="CliUsageException">A value is not <c>os/arch[/variant]</c>.</exception>
    public static IReadOnlyList<Platform> Parse(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var platforms = new List<Platform>();
        foreach (var item in values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)))
        {
            if (item.Length == 0 || item.Split('/').Length is < 2 or > 3 || !Platform.TryParse(item, out var platform))
            {
                throw new CliUsageException($"invalid platform \"{item}\": expected os/arch[/variant], for example linux/arm64/v8");
            }

            if (!platforms.Contains(platform))
            {
                platforms.Add(platform);
            }
        }

        return platforms;
    }
}
