namespace OciRegistry.Client.Http.IntegrationTests.Listing;

public sealed class CatalogListingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_catalog_is_read_page_by_page_through_distributions_link_headers()
    {
        // A registry of its own: the catalog is registry-wide, so other tests' repositories would show up in it.
        await using var registry = await RegistryFixture.StartAsync(new RegistryOptions());
        using var log = registry.CaptureLog(output);
        var recorder = new RequestRecorder();
        using var client = recorder.ClientFor(registry);
        var names = Enumerable.Range(0, 5).Select(_ => registry.NewRepository("catalog")).ToList();
        foreach (var name in names)
        {
            var manifest = await TestBlobs.EmptyImageAsync(registry, name);
            await client.Repository(name).PushManifestAsync(manifest, "latest");
        }

        var repositories = await client.Client.ListCatalogAsync(registry.Host, 2).ToListAsync();

        Assert.Equal(names.Order(StringComparer.Ordinal), repositories);
        var requests = recorder.Exchanges.Where(e => e.PathAndQuery.StartsWith("/v2/_catalog", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, requests.Count);
        Assert.Equal([true, true, false], requests.Select(e => e.HasLink));
        Assert.Equal("/v2/_catalog?n=2", requests[0].PathAndQuery);
        Assert.All(requests.Skip(1), e => Assert.Contains("last=", e.PathAndQuery, StringComparison.Ordinal));

        var all = await client.Client.ListCatalogAsync(registry.Host, 1000).ToListAsync();
        Assert.Equal(repositories, all);
        Assert.Equal(4, recorder.Exchanges.Count(e => e.PathAndQuery.StartsWith("/v2/_catalog", StringComparison.Ordinal)));
    }
}
