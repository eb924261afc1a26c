using OciRegistry.Client.Http.RegistriesConf;

namespace OciRegistry.Client.Http.Tests.RegistriesConf;

/// <summary>The main file and its drop-ins, merged as containers/image merges them.</summary>
public sealed class RegistriesConfigurationFilesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("regconf-").FullName;

    private string Write(string name, string toml)
    {
        var path = Path.Combine(_directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, toml);
        return path;
    }

    private RegistriesConfiguration Load(string main) =>
        RegistriesConfiguration.LoadFrom(new RegistriesConfigurationFiles(main, true, [Path.Combine(_directory, "registries.conf.d")]));

    [Fact]
    public void Drop_ins_replace_tables_by_prefix_and_settings_they_set_in_lexical_order()
    {
        var main = Write("registries.conf", """
            unqualified-search-registries = ["quay.io"]
            [[registry]]
            location = "example.com"
            [[registry]]
            location = "kept.example"
            [aliases]
            "app" = "quay.io/team/app"
            "tool" = "quay.io/team/tool"
            """);
        Write("registries.conf.d/20-second.conf", """
            short-name-mode = "enforcing"
            [[registry]]
            location = "example.com"
            blocked = true
            [aliases]
            "tool" = ""
            """);
        Write("registries.conf.d/10-first.conf", """
            unqualified-search-registries = []
            [[registry]]
            location = "example.com"
            insecure = true
            """);
        Write("registries.conf.d/ignored.txt", "not = [toml");
        Write("registries.conf.d/sub.conf/x.conf", "not = [toml");

        var configuration = Load(main);

        Assert.Equal(["example.com", "kept.example"], configuration.Registries.Select(r => r.Prefix));
        var replaced = configuration.Registries[0];
        Assert.True(replaced.Blocked);
        Assert.False(replaced.Insecure);
        Assert.EndsWith("20-second.conf", replaced.Source, StringComparison.Ordinal);
        Assert.Empty(configuration.UnqualifiedSearchRegistries);
        Assert.EndsWith("10-first.conf", configuration.UnqualifiedSearchRegistriesOrigin, StringComparison.Ordinal);
        Assert.Equal(ShortNameMode.Enforcing, configuration.ShortNameMode);
        Assert.Equal(["app"], configuration.Aliases.Keys);
        Assert.Equal(3, configuration.Files.Count);
    }

    [Fact]
    public void A_drop_in_in_the_version_1_format_is_refused()
    {
        var main = Write("registries.conf", "[[registry]]\nlocation = \"example.com\"");
        var dropIn = Write("registries.conf.d/v1.conf", "[registries.block]\nregistries = [\"example.com\"]");

        var error = Assert.Throws<RegistriesConfigurationException>(() => Load(main));

        Assert.Equal(dropIn, error.Path);
        Assert.Contains("must be in the version 2 format", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_named_explicitly_must_exist()
    {
        var error = Assert.Throws<RegistriesConfigurationException>(() => Load(Path.Combine(_directory, "missing.conf")));

        Assert.Contains("missing.conf: the file does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_file_that_is_missing_reads_as_empty()
    {
        var configuration = RegistriesConfiguration.LoadFrom(new RegistriesConfigurationFiles(Path.Combine(_directory, "missing.conf"), false, []));

        Assert.Empty(configuration.Registries);
        Assert.Equal(ShortNameMode.Permissive, configuration.ShortNameMode);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
