using OciRegistry.Client.TestSupport.Registry;
using Xunit.Abstractions;

namespace OciRegistry.Client.Http.IntegrationTests.Listing;

public sealed class CatalogListingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_catalog_is_read_page_by_page_through_distributions_link_headers()
    {
        // A registry of its own: the catalog is registry-wide, so other tests' repositories would show up in it.
        await using var registry = await RegistryFixture.StartAsync(new RegistryOptions());
        using var log = registry.CaptureLog(output);
        using var listing = new ListingClient(registry);
        var names = Enumerable.Range(0, 5).Select(_ => registry.NewRepository("catalog")).ToList();
        foreach (var name in names)
        {
            var manifest = await TestBlobs.EmptyImageAsync(registry, name);
            await listing.Client.GetRepository($"{registry.Host}/{name}").PushManifestAsync(manifest, "latest");
        }

        var repositories = await listing.Client.ListCatalogAsync(registry.Host, 2).ToListAsync();

        Assert.Equal(names.Order(StringComparer.Ordinal), repositories);
        var requests = listing.Exchanges.Where(e => e.PathAndQuery.StartsWith("/v2/_catalog", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, requests.Count);
        Assert.Equal([true, true, false], requests.Select(e => e.HasLink));
        Assert.Equal("/v2/_catalog?n=2", requests[0].PathAndQuery);
        Assert.All(requests.Skip(1), e => Assert.Contains("last=", e.PathAndQuery, StringComparison.Ordinal));

        var all = await listing.Client.ListCatalogAsync(registry.Host, 1000).ToListAsync();
        Assert.Equal(repositories, all);
        Assert.Equal(4, listing.Exchanges.Count(e => e.PathAndQuery.StartsWith("/v2/_catalog", StringComparison.Ordinal)));
    }
}
