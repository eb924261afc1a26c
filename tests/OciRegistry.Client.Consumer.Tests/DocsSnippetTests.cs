using System.Text.RegularExpressions;

namespace Consumer.Tests;

/// <summary>
/// The docs' marked C# snippets are code these tests compile against the packages and run: a fenced block after
/// <c>&lt;!-- snippet: NAME --&gt;</c> in docs/*.md must equal the region between <c>// snippet: NAME</c> and
/// <c>// end snippet</c> in this project's sources, and its <c>using</c> lines must be that file's.
/// </summary>
public sealed partial class DocsSnippetTests
{
    [Fact]
    public void Every_marked_snippet_in_the_docs_is_code_these_tests_run()
    {
        var root = RepositoryRoot();
        var regions = Regions(Directory.EnumerateFiles(Path.Combine(root, "tests", "OciRegistry.Client.Consumer.Tests"), "*.cs"));
        var snippets = Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md").SelectMany(Snippets).ToList();

        Assert.True(snippets.Count >= 3, $"Only {snippets.Count} marked snippets were found in docs/.");
        foreach (var (doc, name, code) in snippets)
        {
            Assert.True(regions.TryGetValue(name, out var region), $"{doc}: the snippet \"{name}\" has no region in the consumer tests.");
            var usings = code.Where(l => l.StartsWith("using ", StringComparison.Ordinal) && l.EndsWith(';')).ToList();
            var body = code.Skip(usings.Count).SkipWhile(string.IsNullOrWhiteSpace).ToList();
            Assert.True(body.SequenceEqual(region!.Lines), $"{doc}: the snippet \"{name}\" differs from the code in {region.File}:\n{string.Join('\n', body)}\n---\n{string.Join('\n', region.Lines)}");
            foreach (var line in usings)
            {
                Assert.True(region.FileLines.Contains(line), $"{doc}: the snippet \"{name}\" has \"{line}\", which {region.File} does not.");
            }
        }
    }

    private static IEnumerable<(string Doc, string Name, List<string> Code)> Snippets(string doc)
    {
        var lines = File.ReadAllLines(doc);
        for (var i = 0; i < lines.Length; i++)
        {
            if (SnippetMarker().Match(lines[i]) is not { Success: true } marker || i + 1 >= lines.Length || lines[i + 1] != "```csharp")
            {
                continue;
            }

            var code = lines.Skip(i + 2).TakeWhile(l => l != "```").ToList();
            yield return (Path.GetFileName(doc), marker.Groups[1].Value, code);
        }
    }

    private static Dictionary<string, Region> Regions(IEnumerable<string> files)
    {
        var regions = new Dictionary<string, Region>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            var fileLines = lines.Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < lines.Length; i++)
            {
                if (RegionStart().Match(lines[i]) is not { Success: true } start)
                {
                    continue;
                }

                var body = lines.Skip(i + 1).TakeWhile(l => l.Trim() != "// end snippet").ToList();
                var indent = body.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
                regions[start.Groups[1].Value] = new Region(Path.GetFileName(file), [.. body.Select(l => l.Length >= indent ? l[indent..].TrimEnd() : l.Trim())], fileLines);
            }
        }

        return regions;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, "docs")) && Directory.Exists(Path.Combine(directory.FullName, "tests")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with docs/ and tests/) is not above the test.");
    }

    [GeneratedRegex(@"^<!-- snippet: ([a-z0-9-]+) -->$")]
    private static partial Regex SnippetMarker();

    [GeneratedRegex(@"^\s*// snippet: ([a-z0-9-]+)$")]
    private static partial Regex RegionStart();

    private sealed record Region(string File, List<string> Lines, HashSet<string> FileLines);
}
