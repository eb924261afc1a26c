using static OciRegistry.Client.Http.Tests.Listing.ListingResponses;

namespace OciRegistry.Client.Http.Tests.Listing;

public sealed class CatalogListingTests
{
    private const string CatalogPath = "/v2/_catalog";

    private static string[] CatalogRequests(ScriptedRegistry registry) =>
        [.. registry.Handler.Requests.Where(r => r.Uri.AbsolutePath == CatalogPath).Select(r => r.Uri.PathAndQuery)];

    [Fact]
    public async Task Follows_the_next_links_of_every_page()
    {
        // Distribution's form: a root-relative link with last before n.
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => IsGet(r, CatalogPath, "?n=2"), _ => Catalog(["a/one", "a/two"], "</v2/_catalog?last=a%2Ftwo&n=2>; rel=\"next\""))
            .On(r => IsGet(r, CatalogPath, "?last=a%2Ftwo&n=2"), _ => Catalog(["b", "c"], "<https://registry.test/v2/_catalog?last=c&n=2>; rel=\"next\""))
            .On(r => IsGet(r, CatalogPath, "?last=c&n=2"), _ => Catalog([])));

        var repositories = await registry.Client.ListCatalogAsync("registry.test", 2).ToListAsync();

        Assert.Equal(["a/one", "a/two", "b", "c"], repositories);
        Assert.Equal(
            [$"{CatalogPath}?n=2", $"{CatalogPath}?last=a%2Ftwo&n=2", $"{CatalogPath}?last=c&n=2"],
            CatalogRequests(registry));
    }

    [Fact]
    public async Task Iterates_lazily_one_page_at_a_time()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => IsGet(r, CatalogPath, "?n=1"), _ => Catalog(["a"], "</v2/_catalog?last=a&n=1>; rel=\"next\""))
            .On(r => IsGet(r, CatalogPath, "?last=a&n=1"), _ => Catalog(["b"])));

        await using var enumerator = registry.Client.ListCatalogAsync("registry.test", 1).GetAsyncEnumerator();
        Assert.True(await enumerator.MoveNextAsync());
        Assert.Single(CatalogRequests(registry));
        Assert.True(await enumerator.MoveNextAsync());
        Assert.Equal("b", enumerator.Current);
        Assert.False(await enumerator.MoveNextAsync());
        Assert.Equal(2, CatalogRequests(registry).Length);
    }

    [Fact]
    public async Task A_repeated_next_link_stops_the_catalog_with_a_clear_error()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => IsGet(r, CatalogPath), _ => Catalog(["a"], "</v2/_catalog?last=a&n=1>; rel=\"next\"")));

        var error = await Assert.ThrowsAsync<OciRegistryException>(async () => await registry.Client.ListCatalogAsync("registry.test", 1).ToListAsync());

        Assert.Contains("the catalog of registry.test", error.Message, StringComparison.Ordinal);
        Assert.Contains("already followed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void A_page_size_outside_1_to_1000_is_rejected(int pageSize)
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing());

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => registry.Client.ListCatalogAsync("registry.test", pageSize));

        Assert.Equal("pageSize", error.ParamName);
        Assert.Contains("between 1 and 1000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_catalog_is_an_error_naming_the_registry()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => IsGet(r, CatalogPath), _ => Error(HttpStatusCode.Forbidden, "DENIED")));

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(async () => await registry.Client.ListCatalogAsync("registry.test").ToListAsync());

        Assert.Equal(RegistryOperation.ListCatalog, error.Operation);
        Assert.Contains("the catalog of registry.test", error.Message, StringComparison.Ordinal);
    }
}
