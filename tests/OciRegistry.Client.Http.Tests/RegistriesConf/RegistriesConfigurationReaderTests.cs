using OciRegistry.Client.Http.RegistriesConf;

namespace OciRegistry.Client.Http.Tests.RegistriesConf;

/// <summary>Reading containers-registries.conf: version 2 and 1, and every kind of bad input named by file and key.</summary>
public sealed class RegistriesConfigurationReaderTests
{
    private static RegistriesConfigurationException Refused(string toml) =>
        Assert.Throws<RegistriesConfigurationException>(() => RegistriesConfiguration.Parse(toml, "/etc/test.conf"));

    [Fact]
    public void A_version_2_file_gives_its_tables_sorted_by_prefix_with_mirrors_in_order()
    {
        var configuration = RegistriesConfiguration.Parse("""
            unqualified-search-registries = ["registry.fedoraproject.org", "docker.io"]
            short-name-mode = "enforcing"
            credential-helpers = ["containers-auth.json"]

            [[registry]]
            prefix = "example.com/foo"
            location = "internal.example.com/mirror/foo"
            insecure = true

            [[registry]]
            location = "docker.io"
            mirror-by-digest-only = true
            [[registry.mirror]]
            location = "mirror-1.example.com/hub/"
            [[registry.mirror]]
            location = "mirror-2.example.com"
            insecure = true

            [[registry]]
            prefix = "*.internal.example"
            blocked = true

            [aliases]
            "fedora" = "registry.fedoraproject.org/fedora"
            """);

        Assert.Equal(["*.internal.example", "docker.io", "example.com/foo"], configuration.Registries.Select(r => r.Prefix));
        var hub = configuration.Registries[1];
        Assert.True(hub.MirrorByDigestOnly);
        Assert.Equal([new RegistryMirror("mirror-1.example.com/hub", false, MirrorPullPolicy.All), new RegistryMirror("mirror-2.example.com", true, MirrorPullPolicy.All)], hub.Mirrors);
        Assert.Equal("internal.example.com/mirror/foo", configuration.Registries[2].Location);
        Assert.Equal(["registry.fedoraproject.org", "docker.io"], configuration.UnqualifiedSearchRegistries);
        Assert.Equal(ShortNameMode.Enforcing, configuration.ShortNameMode);
        Assert.Equal("registry.fedoraproject.org/fedora", configuration.Aliases["fedora"]);
    }

    [Fact]
    public void Inline_mirror_tables_are_read_like_mirror_table_arrays()
    {
        var configuration = RegistriesConfiguration.Parse("""
            [[registry]]
            location = "quay.io"
            mirror = [{ location = "cache.example/quay", pull-from-mirror = "tag-only" }]
            """);

        Assert.Equal([new RegistryMirror("cache.example/quay", false, MirrorPullPolicy.TagOnly)], configuration.Registries[0].Mirrors);
    }

    [Fact]
    public void A_version_1_file_becomes_search_registries_and_blocked_and_insecure_tables()
    {
        var configuration = RegistriesConfiguration.Parse("""
            [registries.search]
            registries = ["quay.io", "docker.io"]
            [registries.insecure]
            registries = ["localhost:5000", "blocked.example"]
            [registries.block]
            registries = ["blocked.example"]
            """);

        Assert.Equal(["quay.io", "docker.io"], configuration.UnqualifiedSearchRegistries);
        Assert.Equal(
            [("blocked.example", true, true), ("localhost:5000", false, true)],
            configuration.Registries.Select(r => (r.Prefix, r.Blocked, r.Insecure)));
    }

    [Fact]
    public void The_first_table_of_a_prefix_wins()
    {
        var configuration = RegistriesConfiguration.Parse("""
            [[registry]]
            prefix = "example.com"
            location = "first.example"
            [[registry]]
            prefix = "example.com"
            location = "second.example"
            """);

        Assert.Equal("first.example", Assert.Single(configuration.Registries).Location);
    }

    [Theory]
    [InlineData("[[registry]\nlocation = \"x.io\"", "not valid TOML: line 1")]
    [InlineData("mirrors = []", "mirrors: unknown key")]
    [InlineData("[[registry]]\nlocation = \"x.io\"\nblock = true", "[[registry]] #1 block: unknown key")]
    [InlineData("[[registry]]\nlocation = \"x.io\"\n[[registry.mirror]]\nlocation = \"m.io\"\ninsecur = true", "[[registry]] #1 [[registry.mirror]] #1 insecur: unknown key")]
    [InlineData("[[registry]]\nlocation = \"x.io\"\n[[registry.mirror]]\nlocation = \"https://m.io\"", "[[registry]] #1 [[registry.mirror]] #1 location: \"https://m.io\" has a URI scheme")]
    [InlineData("[[registry]]\nlocation = \"http://x.io\"", "[[registry]] #1 location: \"http://x.io\" has a URI scheme")]
    [InlineData("[[registry]]\nprefix = \"*.example.com/foo\"", "[[registry]] #1 prefix: a wildcard prefix must be in the format *.example.com")]
    [InlineData("[[registry]]\nprefix = \"example.*.com\"\nlocation = \"x.io\"", "[[registry]] #1 prefix: a wildcard prefix must be in the format *.example.com")]
    [InlineData("[[registry]]\nprefix = \"example.com\"\nblocked = true", "[[registry]] #1 location: location is unset and prefix \"example.com\" is not in the format *.example.com")]
    [InlineData("[[registry]]\nblocked = true", "[[registry]] #1: both location and prefix are unset")]
    [InlineData("[[registry]]\nlocation = \"x.io\"\npull-from-mirror = \"all\"", "[[registry]] #1 pull-from-mirror: must not be set for a registry")]
    [InlineData("[[registry]]\nlocation = \"x.io\"\nmirror-by-digest-only = true\n[[registry.mirror]]\nlocation = \"m.io\"\npull-from-mirror = \"all\"", "cannot be set while the registry (prefix \"x.io\") sets mirror-by-digest-only")]
    [InlineData("[[registry]]\nlocation = \"x.io\"\n[[registry.mirror]]\nlocation = \"m.io\"\npull-from-mirror = \"sometimes\"", "\"sometimes\" is not all, digest-only or tag-only")]
    [InlineData("[[registry]]\nlocation = \"x.io\"\n[[registry.mirror]]\ninsecure = true", "a mirror's location is unset")]
    [InlineData("[[registry]]\nlocation = \"x.io\"\ninsecure = \"yes\"", "[[registry]] #1 insecure: must be true or false")]
    [InlineData("[[registry]]\nprefix = \"a.io\"\nlocation = \"x.io\"\ninsecure = true\n[[registry]]\nprefix = \"b.io\"\nlocation = \"x.io\"", "registry \"x.io\" is defined several times with conflicting insecure settings")]
    [InlineData("short-name-mode = \"prompt\"", "short-name-mode: \"prompt\" is not enforcing, permissive or disabled")]
    [InlineData("unqualified-search-registries = [\"quay.io/foo\"]", "unqualified-search-registries: \"quay.io/foo\" is not a registry")]
    [InlineData("[aliases]\n\"quay.io/foo\" = \"quay.io/foo\"", "aliases.\"quay.io/foo\": invalid short name \"quay.io/foo\": it must not have a registry")]
    [InlineData("[aliases]\n\"foo\" = \"foo/bar\"", "aliases.\"foo\": invalid alias \"foo/bar\": it must have a registry and a repository")]
    [InlineData("[aliases]\n\"foo\" = \"quay.io/foo:1\"", "invalid alias \"quay.io/foo:1\": it must not have a tag or digest")]
    [InlineData("unqualified-search-registries = [\"quay.io\"]\n[registries.search]\nregistries = [\"docker.io\"]", "registries: mixing the version 1 format")]
    [InlineData("[registries.search]\nregistries = [\"docker.io\"]\n[registries.mirror]\nregistries = []", "registries.mirror: unknown table")]
    public void Bad_input_is_refused_with_the_file_and_the_key(string toml, string expected)
    {
        var error = Refused(toml);

        Assert.StartsWith("registries configuration /etc/test.conf: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal("/etc/test.conf", error.Path);
    }
}
