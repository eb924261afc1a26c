using OciRegistry.Client.Http.RegistriesConf;

namespace OciRegistry.Client.Http.Tests.RegistriesConf;

/// <summary>Which table a reference matches and where it is pulled from, as containers/image decides it.</summary>
public sealed class RegistriesConfigurationMatchingTests
{
    private static readonly RegistriesConfiguration Configuration = RegistriesConfiguration.Parse("""
        [[registry]]
        prefix = "example.com/foo"
        location = "internal.example.com/mirror/foo"

        [[registry]]
        prefix = "example.com"
        location = "example.com"
        [[registry.mirror]]
        location = "all.mirror"
        [[registry.mirror]]
        location = "digest.mirror/cache"
        pull-from-mirror = "digest-only"
        [[registry.mirror]]
        location = "tag.mirror"
        pull-from-mirror = "tag-only"
        [[registry.mirror]]
        location = "blocked.mirror"

        [[registry]]
        location = "blocked.mirror"
        blocked = true

        [[registry]]
        prefix = "*.wild.example"
        insecure = true

        [[registry]]
        location = "docker.io"
        mirror-by-digest-only = true
        [[registry.mirror]]
        location = "hub.mirror/dockerhub"
        """, "/test/registries.conf");

    private static string[] Sources(string reference) =>
        [.. Configuration.PullSources(ImageReference.Parse(reference)).Select(s => $"{(s.IsMirror ? "mirror" : "primary")} {s.Reference}{(s.BlockedBy is null ? string.Empty : " blocked")}")];

    [Theory]
    [InlineData("example.com/foo/bar", "example.com/foo")]
    [InlineData("example.com/foo", "example.com/foo")]
    [InlineData("example.com/foobar/x", "example.com")]
    [InlineData("example.com:5000/x", "example.com")]
    [InlineData("a.wild.example/x", "*.wild.example")]
    [InlineData("a.b.wild.example:5000/x", "*.wild.example")]
    [InlineData("wild.example/x", null)]
    [InlineData("other.io/wild.example/x", null)]
    [InlineData("nginx", "docker.io")]
    public void The_longest_matching_prefix_wins(string name, string? prefix) =>
        Assert.Equal(prefix, Configuration.FindRegistry(ImageReference.Parse(name).Name)?.Prefix);

    [Fact]
    public void A_prefix_rewrite_replaces_the_matched_part_and_keeps_the_tag() =>
        Assert.Equal(["primary internal.example.com/mirror/foo/bar/baz:1.0"], Sources("example.com/foo/bar/baz:1.0"));

    [Fact]
    public void A_tag_pull_tries_the_mirrors_for_all_and_tag_pulls_then_the_primary()
    {
        Assert.Equal(
            ["mirror all.mirror/app:1.0", "mirror tag.mirror/app:1.0", "mirror blocked.mirror/app:1.0 blocked", "primary example.com/app:1.0"],
            Sources("example.com/app:1.0"));
    }

    [Fact]
    public void A_digest_pull_tries_the_mirrors_for_all_and_digest_pulls_then_the_primary()
    {
        var digest = "sha256:" + new string('a', 64);
        Assert.Equal(
            [$"mirror all.mirror/app@{digest}", $"mirror digest.mirror/cache/app@{digest}", $"mirror blocked.mirror/app@{digest} blocked", $"primary example.com/app@{digest}"],
            Sources($"example.com/app@{digest}"));
    }

    [Fact]
    public void Mirror_by_digest_only_leaves_tag_pulls_to_the_primary()
    {
        var digest = "sha256:" + new string('b', 64);
        Assert.Equal(["primary docker.io/library/nginx:latest"], Sources("nginx:latest"));
        Assert.Equal([$"mirror hub.mirror/dockerhub/library/nginx@{digest}", $"primary docker.io/library/nginx@{digest}"], Sources($"nginx@{digest}"));
    }

    [Fact]
    public void A_blocked_registry_blocks_its_primary_location() =>
        Assert.Equal(["primary blocked.mirror/x:1 blocked"], Sources("blocked.mirror/x:1"));

    [Fact]
    public void A_wildcard_without_location_leaves_the_reference_as_it_is() =>
        Assert.Equal(["primary a.wild.example/x:1"], Sources("a.wild.example/x:1"));

    [Fact]
    public void Insecure_applies_to_the_hosts_the_tables_name()
    {
        Assert.True(Configuration.IsInsecure("a.wild.example"));
        Assert.False(Configuration.IsInsecure("example.com"));
        Assert.False(Configuration.IsInsecure("wild.example"));
    }

    [Fact]
    public void A_rewrite_to_a_name_that_is_not_canonical_is_refused_naming_the_table()
    {
        var configuration = RegistriesConfiguration.Parse("[[registry]]\nprefix = \"example.com/foo\"\nlocation = \"docker.io\"", "/test/r.conf");

        var error = Assert.Throws<RegistriesConfigurationException>(() => configuration.PullSources(ImageReference.Parse("example.com/foo/bar:1")));

        Assert.Contains("/test/r.conf: [[registry]] prefix \"example.com/foo\": rewriting", error.Message, StringComparison.Ordinal);
    }
}
