using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Consumer.Tests;

/// <summary>Every packed package carries what a consumer of a public feed checks: read from the nupkg itself.</summary>
public sealed partial class PackageMetadataTests
{
    public static TheoryData<string> Packages()
    {
        var data = new TheoryData<string>();
        foreach (var package in PackageFiles())
        {
            data.Add(Path.GetFileName(package));
        }

        return data;
    }

    [Fact]
    public void Every_library_is_packed()
    {
        var ids = PackageFiles().Select(p => Nuspec(p).Id).ToHashSet(StringComparer.Ordinal);

        foreach (var library in (string[])["Abstractions", "Auth", "Http", "Copy", "Sync", "Hosting"])
        {
            Assert.Contains($"OciRegistry.Client.{library}", ids);
        }
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void A_package_has_a_readme_a_licence_repository_metadata_and_a_real_description(string file)
    {
        var path = Path.Combine(PackagesDirectory(), file);
        var nuspec = Nuspec(path);
        using var zip = ZipFile.OpenRead(path);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.False(string.IsNullOrWhiteSpace(nuspec.Description), $"{file} has no description");
        Assert.NotEqual("Package Description", nuspec.Description);
        Assert.True(nuspec.Description!.Length >= 40, $"{file}'s description is too short to say what it is: {nuspec.Description}");

        Assert.NotNull(nuspec.Readme);
        Assert.Contains(nuspec.Readme!, entries);
        var readme = new StreamReader(zip.GetEntry(nuspec.Readme!)!.Open()).ReadToEnd();
        Assert.True(
            readme.Contains("dotnet add package OciRegistry.Client.", StringComparison.Ordinal) || readme.Contains("dotnet tool install --global " + nuspec.Id, StringComparison.Ordinal),
            $"{file}'s README does not say how to install it");
        Assert.DoesNotContain("build/demo.sh", readme, StringComparison.Ordinal);

        Assert.Equal("MIT", nuspec.License);
        Assert.Contains("LICENSE", entries);

        Assert.Equal("git", nuspec.RepositoryType);
        Assert.Matches(CommitPattern(), nuspec.RepositoryCommit ?? string.Empty);
        if (entries.Any(e => e.StartsWith("lib/", StringComparison.Ordinal)))
        {
            Assert.Contains(entries, e => e.StartsWith("lib/net10.0/", StringComparison.Ordinal) && e.EndsWith(".xml", StringComparison.Ordinal));
        }
    }

    internal static string PackagesDirectory()
    {
        if (Environment.GetEnvironmentVariable("OCIREG_PACKAGES") is { Length: > 0 } set)
        {
            return set;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "artifacts", "packages");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("No artifacts/packages folder above the test; build/test.sh packs the packages there.");
    }

    private static IEnumerable<string> PackageFiles()
    {
        var version = Environment.GetEnvironmentVariable("OCIREG_PACKAGE_VERSION");
        return Directory.EnumerateFiles(PackagesDirectory(), "OciRegistry.Client.*.nupkg")
            .Where(p => version is null || p.EndsWith($".{version}.nupkg", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
    }

    private static (string Id, string? Description, string? Readme, string? License, string? RepositoryType, string? RepositoryCommit) Nuspec(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
        using var stream = entry.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
        var repository = metadata.Elements().FirstOrDefault(e => e.Name.LocalName == "repository");
        return (Value("id")!, Value("description"), Value("readme"), Value("license"), repository?.Attribute("type")?.Value, repository?.Attribute("commit")?.Value);
    }

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitPattern();
}
