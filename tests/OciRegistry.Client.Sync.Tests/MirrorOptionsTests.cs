using OciRegistry.Client.Sync.Yaml;

namespace OciRegistry.Client.Sync.Tests;

public sealed class MirrorOptionsTests
{
    [Fact]
    public void Prune_untagged_without_prune_and_negative_limits_and_bad_expressions_are_named()
    {
        var options = new SyncOptions
        {
            PruneUntagged = true,
            PruneMax = -1,
            MinRemainingPulls = -5,
            ImmutableTagRegex = "(",
            IncludeRepositoryRegex = "[",
        };

        var errors = options.Validate();

        Assert.Contains(errors, e => e.StartsWith("PruneUntagged", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("PruneMax", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("MinRemainingPulls", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ImmutableTagRegex", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("IncludeRepositoryRegex", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("registry.example", true)]
    [InlineData("localhost:5000", true)]
    [InlineData("localhost", true)]
    [InlineData("registry.example/team/", true)]
    [InlineData("registry.example/team/app", false)]
    [InlineData("nginx", false)]
    [InlineData("library/nginx", false)]
    public void A_registry_alone_or_a_name_ending_in_a_slash_names_a_catalog(string text, bool catalog) =>
        Assert.Equal(catalog, SyncSource.NamesCatalog(text));

    [Fact]
    public void A_catalog_source_splits_the_registry_from_the_namespace()
    {
        var source = SyncSource.Catalog("localhost:5000/team/");

        Assert.Equal(SyncSourceKind.Catalog, source.Kind);
        Assert.Equal("localhost:5000/team", source.Location);
        Assert.Throws<InvalidReferenceException>(() => SyncSource.Catalog("Not A Registry"));
    }

    [Fact]
    public void A_yaml_registry_with_a_repository_expression_is_not_empty()
    {
        var file = SyncYamlFile.Parse("""
            registry.example:
                repositories-by-regex: '^team/'
            """);

        var registry = Assert.Single(file.Registries);
        Assert.Equal("^team/", registry.RepositoryRegex);
        Assert.False(registry.IsEmpty);
    }
}
