namespace OciRegistry.Client.Auth.Tests.Scopes;

public sealed class RegistryAuthScopeTests
{
    [Theory]
    [InlineData("repository:team/app:pull", "repository", "team/app", "pull")]
    [InlineData("repository:team/app:push,pull", "repository", "team/app", "pull,push")]
    [InlineData("repository:localhost:5000/team/app:pull,push", "repository", "localhost:5000/team/app", "pull,push")]
    [InlineData("repository:registry.test:443/a:delete", "repository", "registry.test:443/a", "delete")]
    [InlineData("registry:catalog:*", "registry", "catalog", "*")]
    [InlineData("repository(plugin):vieux/sshfs:pull", "repository(plugin)", "vieux/sshfs", "pull")]
    [InlineData("repository:a:pull,pull,,push", "repository", "a", "pull,push")]
    [InlineData("repository:a:", "repository", "a", "")]
    public void Parses_and_splits_actions_on_the_last_colon(string text, string type, string name, string actions)
    {
        var scope = RegistryAuthScope.Parse(text);

        Assert.Equal(type, scope.ResourceType);
        Assert.Equal(name, scope.ResourceName);
        Assert.Equal(actions, string.Join(',', scope.Actions));
    }

    [Theory]
    [InlineData("")]
    [InlineData("repository")]
    [InlineData("repository:team")]
    [InlineData(":team:pull")]
    [InlineData("repository::pull")]
    [InlineData("repository:a b:pull")]
    public void Rejects_text_that_is_not_a_scope(string text)
    {
        Assert.False(RegistryAuthScope.TryParse(text, out _));
        Assert.Throws<FormatException>(() => RegistryAuthScope.Parse(text));
    }

    [Fact]
    public void Writes_the_canonical_form_with_sorted_actions()
    {
        Assert.Equal("repository:a/b:delete,pull,push", RegistryAuthScope.Repository("a/b", "push", "pull", "delete", "pull").ToString());
        Assert.Equal("registry:catalog:*", RegistryAuthScope.Catalog.ToString());
    }

    [Fact]
    public void Merges_actions_per_resource_and_sorts_resources()
    {
        var merged = RegistryAuthScope.Merge(
        [
            RegistryAuthScope.Repository("b", "push"),
            RegistryAuthScope.Repository("a", "pull"),
            RegistryAuthScope.Catalog,
            RegistryAuthScope.Repository("b", "pull"),
            null,
            RegistryAuthScope.Repository("a", "pull"),
        ]);

        Assert.Equal(["registry:catalog:*", "repository:a:pull", "repository:b:pull,push"], merged.Select(s => s.ToString()));
    }

    [Fact]
    public void Equal_scopes_are_equal_whatever_the_action_order()
    {
        var one = RegistryAuthScope.Repository("a", "push", "pull");
        var two = RegistryAuthScope.Parse("repository:a:pull,push");

        Assert.Equal(one, two);
        Assert.Equal(one.GetHashCode(), two.GetHashCode());
        Assert.NotEqual(one, RegistryAuthScope.Repository("a", "pull"));
    }

    [Fact]
    public void Covers_subsets_of_actions_on_the_same_resource()
    {
        var pullPush = RegistryAuthScope.Repository("a", "pull", "push");

        Assert.True(pullPush.Covers(RegistryAuthScope.Repository("a", "pull")));
        Assert.False(pullPush.Covers(RegistryAuthScope.Repository("a", "delete")));
        Assert.False(pullPush.Covers(RegistryAuthScope.Repository("b", "pull")));
    }

    [Fact]
    public void Refuses_separators_in_parts()
    {
        Assert.Throws<ArgumentException>(() => new RegistryAuthScope("repo:x", "a", ["pull"]));
        Assert.Throws<ArgumentException>(() => new RegistryAuthScope("repository", "a b", ["pull"]));
    }
}
