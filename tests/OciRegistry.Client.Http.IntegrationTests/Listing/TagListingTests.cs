namespace OciRegistry.Client.Http.IntegrationTests.Listing;

public sealed class TagListingTests(RegistryFixture registry, ITestOutputHelper output) : IClassFixture<RegistryFixture>, IDisposable
{
    private readonly ProcessLogScope _log = registry.CaptureLog(output);

    [Fact]
    public async Task Every_tag_comes_back_exactly_once_with_a_small_page_size()
    {
        var name = registry.NewRepository("list/tags");
        var pushed = await TestImages.Locate().PushAsync(registry, name, "v1");
        var recorder = new RequestRecorder();
        using var client = recorder.ClientFor(registry);
        var repository = client.Repository(name);
        var manifest = await repository.FetchManifestAsync("v1");
        string[] more = ["v2", "v3", "latest", "stable", "1.0", "1.0.1"];
        foreach (var tag in more)
        {
            await repository.PushManifestAsync(manifest, tag);
        }

        var tags = await repository.ListTagsAsync(2).ToListAsync();

        Assert.Equal([.. more.Append("v1").Order(StringComparer.Ordinal)], tags.Order(StringComparer.Ordinal));

        // Distribution 2.8.2 (Debian's docker-registry) ignores n and last on tags/list and answers every tag at once
        // without a Link; newer registries page. Either way exactly one request per page: one per Link received, plus
        // the first — no last= page is guessed, which against 2.8 would list every tag twice.
        var requests = recorder.Exchanges.Where(e => e.PathAndQuery.StartsWith($"/v2/{name}/tags/list", StringComparison.Ordinal)).ToList();
        Assert.Equal($"/v2/{name}/tags/list?n=2", requests[0].PathAndQuery);
        Assert.Equal(requests.Count(e => e.HasLink) + 1, requests.Count);
    }

    [Fact]
    public async Task Listing_the_tags_of_a_missing_repository_is_a_repository_not_found_error()
    {
        var recorder = new RequestRecorder();
        using var client = recorder.ClientFor(registry);
        var repository = client.Repository(registry.NewRepository("list/missing"));

        var error = await Assert.ThrowsAsync<RepositoryNotFoundException>(async () => await repository.ListTagsAsync().ToListAsync());

        Assert.Equal(RegistryErrorCode.NameUnknown, error.ErrorCode);
        Assert.Contains(repository.Name, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _log.Dispose();
}
