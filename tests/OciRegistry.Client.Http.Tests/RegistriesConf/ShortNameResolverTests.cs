using OciRegistry.Client.Http.RegistriesConf;

namespace OciRegistry.Client.Http.Tests.RegistriesConf;

/// <summary>podman's short-name resolution, offered as an opt-in resolver: aliases, then search registries, by mode.</summary>
public sealed class ShortNameResolverTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("shortnames-").FullName;

    private static RegistriesConfiguration Configuration(string mode) => RegistriesConfiguration.Parse($"""
        unqualified-search-registries = ["registry.fedoraproject.org", "docker.io"]
        short-name-mode = "{mode}"
        [aliases]
        "fedora" = "registry.fedoraproject.org/fedora"
        "team/app" = "quay.io/team/app"
        """, "/test/registries.conf");

    private ShortNameResolver Resolver(string mode, ShortNameMode? overrideMode = null) =>
        new(Configuration(mode), Path.Combine(_directory, "short-name-aliases.conf")) { Mode = overrideMode };

    private static string[] Names(ShortNameResolution resolution) => [.. resolution.Candidates.Select(c => c.ToString())];

    [Fact]
    public void An_alias_decides_and_keeps_the_tag_or_digest()
    {
        var resolver = Resolver("enforcing");

        var tagged = resolver.Resolve("fedora:41");
        var digest = "sha256:" + new string('c', 64);

        Assert.Equal(["registry.fedoraproject.org/fedora:41"], Names(tagged));
        Assert.Equal("/test/registries.conf", tagged.Alias);
        Assert.Equal([$"quay.io/team/app@{digest}"], Names(resolver.Resolve($"team/app@{digest}")));
    }

    [Fact]
    public void The_user_alias_cache_wins_over_the_configuration_and_is_never_written()
    {
        var cache = Path.Combine(_directory, "short-name-aliases.conf");
        File.WriteAllText(cache, "[aliases]\n\"fedora\" = \"mirror.example/fedora\"\n");
        var before = File.ReadAllText(cache);

        var resolution = Resolver("permissive").Resolve("fedora");
        Resolver("permissive").Resolve("nginx");

        Assert.Equal(["mirror.example/fedora:latest"], Names(resolution));
        Assert.Equal(cache, resolution.Alias);
        Assert.Equal(before, File.ReadAllText(cache));
    }

    [Fact]
    public void Without_an_alias_permissive_mode_gives_every_search_registry_in_order()
    {
        var resolution = Resolver("permissive").Resolve("nginx:1.27");

        Assert.Equal(["registry.fedoraproject.org/nginx:1.27", "docker.io/library/nginx:1.27"], Names(resolution));
        Assert.Null(resolution.Alias);
        Assert.False(File.Exists(Path.Combine(_directory, "short-name-aliases.conf")));
    }

    [Fact]
    public void Without_an_alias_enforcing_mode_refuses_an_ambiguous_name_listing_the_candidates()
    {
        var error = Assert.Throws<ShortNameResolutionException>(() => Resolver("permissive", ShortNameMode.Enforcing).Resolve("nginx"));

        Assert.Contains("registry.fedoraproject.org/nginx:latest", error.Message, StringComparison.Ordinal);
        Assert.Contains("docker.io/library/nginx:latest", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Candidates.Count);
    }

    [Fact]
    public void A_qualified_name_is_returned_as_it_is() =>
        Assert.Equal(["quay.io/other/app:2"], Names(Resolver("enforcing").Resolve("quay.io/other/app:2")));

    [Fact]
    public void A_short_name_without_alias_or_search_registries_is_an_error_naming_the_files()
    {
        var resolver = new ShortNameResolver(RegistriesConfiguration.Parse("short-name-mode = \"disabled\"", "/test/empty.conf"), Path.Combine(_directory, "none.conf"));

        var error = Assert.Throws<ShortNameResolutionException>(() => resolver.Resolve("nginx"));

        Assert.Contains("no unqualified-search-registries are defined in /test/empty.conf", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
