using static OciRegistry.Client.Http.Tests.Listing.ListingResponses;

namespace OciRegistry.Client.Http.Tests.Listing;

public sealed class TagListingTests
{
    private const string TagsPath = "/v2/team/app/tags/list";

    private static ScriptedHandler Pages() => new ScriptedHandler().WithPing()
        .On(r => IsGet(r, TagsPath, "?n=2"), _ => Tags(["a", "b"], "</v2/team/app/tags/list?n=2&last=b>; rel=\"next\""))
        .On(r => IsGet(r, TagsPath, "?n=2&last=b"), _ => Tags(["c", "d"], "<https://registry.test/v2/team/app/tags/list?n=2&last=d>; rel=next"))
        .On(r => IsGet(r, TagsPath, "?n=2&last=d"), _ => Tags(["e"]));

    private static string[] TagRequests(ScriptedRegistry registry) =>
        [.. registry.Handler.Requests.Where(r => r.Uri.AbsolutePath == TagsPath).Select(r => r.Uri.PathAndQuery)];

    [Fact]
    public async Task Follows_relative_and_absolute_next_links_until_a_page_has_none()
    {
        using var registry = new ScriptedRegistry(Pages());

        var tags = await registry.Repository().ListTagsAsync(2).ToListAsync();

        Assert.Equal(["a", "b", "c", "d", "e"], tags);
        Assert.Equal(
            [$"{TagsPath}?n=2", $"{TagsPath}?n=2&last=b", $"{TagsPath}?n=2&last=d"],
            TagRequests(registry));
    }

    [Fact]
    public async Task Pages_carry_the_token_that_resumes_the_listing_after_them()
    {
        using var registry = new ScriptedRegistry(Pages());

        var pages = await registry.Repository().ListTagPagesAsync(2).ToListAsync();
        var resumed = await registry.Repository().ListTagPagesAsync(2, pages[0].ContinuationToken).ToListAsync();

        Assert.Equal([["a", "b"], ["c", "d"], ["e"]], pages.Select(p => p.Names.ToArray()));
        Assert.Equal([$"{TagsPath}?n=2&last=b", $"{TagsPath}?n=2&last=d", null], pages.Select(p => p.ContinuationToken));
        Assert.Equal([["c", "d"], ["e"]], resumed.Select(p => p.Names.ToArray()));
    }

    [Theory]
    [InlineData("https://elsewhere.test/v2/team/app/tags/list?n=2")]
    [InlineData("/v2/_catalog?n=2")]
    public async Task A_token_that_does_not_continue_this_listing_is_refused_before_any_request(string token)
    {
        using var registry = new ScriptedRegistry(Pages());

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await registry.Repository().ListTagPagesAsync(2, token).ToListAsync());

        Assert.Equal("continuationToken", error.ParamName);
        Assert.Empty(TagRequests(registry));
    }

    [Fact]
    public async Task Without_a_page_size_sends_no_n_and_the_interface_overload_lists_the_same()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => IsGet(r, TagsPath, string.Empty), _ => Tags(["x", "y"])));

        Content.ITagLister lister = registry.Repository();
        var tags = await lister.ListTagsAsync(CancellationToken.None).ToListAsync();

        Assert.Equal(["x", "y"], tags);
        Assert.Equal([TagsPath], TagRequests(registry));
    }

    [Fact]
    public async Task Finds_the_next_link_among_several_links_and_several_headers()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => IsGet(r, TagsPath, "?n=1"), _ => Tags(
                ["a"],
                "</v2/team/app/tags/list?n=1>; rel=\"first\", <list?n=1&last=z>; rel=\"prev\"",
                "<list?n=1&last=a>; title=\"page, two\"; rel=\"next\""))
            .On(r => IsGet(r, TagsPath, "?n=1&last=a"), _ => Tags(["b"])));

        var tags = await registry.Repository().ListTagsAsync(1).ToListAsync();

        // "list?…" is relative to /v2/team/app/tags/list, so it resolves to /v2/team/app/tags/list?….
        Assert.Equal(["a", "b"], tags);
        Assert.Equal([$"{TagsPath}?n=1", $"{TagsPath}?n=1&last=a"], TagRequests(registry));
    }

    [Fact]
    public async Task A_full_page_without_a_link_ends_the_listing_without_guessing_a_last_page()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => IsGet(r, TagsPath), _ => Tags(["a", "b"])));

        var tags = await registry.Repository().ListTagsAsync(2).ToListAsync();

        Assert.Equal(["a", "b"], tags);
        Assert.Single(TagRequests(registry));
    }

    [Fact]
    public async Task A_registry_sending_the_same_next_link_forever_is_stopped_with_a_clear_error()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => IsGet(r, TagsPath), _ => Tags(["a", "b"], "</v2/team/app/tags/list?n=2&last=b>; rel=\"next\"")));

        var seen = new List<string>();
        var error = await Assert.ThrowsAsync<OciRegistryException>(async () =>
        {
            await foreach (var tag in registry.Repository().ListTagsAsync(2))
            {
                seen.Add(tag);
            }
        });

        Assert.Contains("already followed", error.Message, StringComparison.Ordinal);
        Assert.Contains("the tags of registry.test/team/app", error.Message, StringComparison.Ordinal);
        // The page carrying the repeated link is refused whole.
        Assert.Equal(["a", "b"], seen);
        Assert.Equal(2, TagRequests(registry).Length);
    }

    [Fact]
    public async Task A_link_back_to_the_first_page_is_detected_too()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => IsGet(r, TagsPath, "?n=1"), _ => Tags(["a"], "</v2/team/app/tags/list?n=1&last=a>; rel=\"next\""))
            .On(r => IsGet(r, TagsPath, "?n=1&last=a"), _ => Tags(["b"], "</v2/team/app/tags/list?n=1>; rel=\"next\"")));

        await Assert.ThrowsAsync<OciRegistryException>(async () => await registry.Repository().ListTagsAsync(1).ToListAsync());

        Assert.Equal(2, TagRequests(registry).Length);
    }

    [Fact]
    public async Task A_next_link_to_another_host_is_followed_on_the_registry_itself()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => IsGet(r, TagsPath, "?n=1"), _ => Tags(["a"], "<https://elsewhere.test/v2/team/app/tags/list?n=1&last=a>; rel=\"next\""))
            .On(r => IsGet(r, TagsPath, "?n=1&last=a"), _ => Tags(["b"])));

        var tags = await registry.Repository().ListTagsAsync(1).ToListAsync();

        Assert.Equal(["a", "b"], tags);
        Assert.All(registry.Handler.Requests, r => Assert.Equal("registry.test", r.Uri.Host));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public void A_page_size_outside_1_to_1000_is_rejected_before_any_request(int pageSize)
    {
        using var registry = new ScriptedRegistry(Pages());

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => registry.Repository().ListTagsAsync(pageSize));

        Assert.Equal("pageSize", error.ParamName);
        Assert.Contains($"The page size must be between 1 and 1000, or null to let the registry choose; {pageSize} was given.", error.Message, StringComparison.Ordinal);
        Assert.Empty(registry.Handler.Requests);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    public async Task The_page_size_bounds_are_accepted_and_sent_as_n(int pageSize)
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing().On(r => IsGet(r, TagsPath), _ => Tags(["a"])));

        await registry.Repository().ListTagsAsync(pageSize).ToListAsync();

        Assert.Equal([$"{TagsPath}?n={pageSize}"], TagRequests(registry));
    }

    [Fact]
    public async Task A_missing_repository_is_a_repository_not_found_error()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => IsGet(r, TagsPath), _ => Error(HttpStatusCode.NotFound, "NAME_UNKNOWN")));

        var error = await Assert.ThrowsAsync<RepositoryNotFoundException>(async () => await registry.Repository().ListTagsAsync().ToListAsync());

        Assert.Equal(RegistryOperation.ListTags, error.Operation);
        Assert.Equal(RegistryErrorCode.NameUnknown, error.ErrorCode);
        Assert.Equal("registry.test/team/app", error.Repository);
        Assert.Contains("Repository registry.test/team/app was not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Null_tags_are_an_empty_list()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => IsGet(r, TagsPath), _ => Json("{\"name\":\"team/app\",\"tags\":null}")));

        Assert.Empty(await registry.Repository().ListTagsAsync().ToListAsync());
    }

    [Fact]
    public async Task A_body_that_is_not_a_tag_list_is_an_error_naming_the_listing()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => IsGet(r, TagsPath), _ => Json("<html>proxy error</html>")));

        var error = await Assert.ThrowsAsync<OciRegistryException>(async () => await registry.Repository().ListTagsAsync().ToListAsync());

        Assert.Contains("the tags of registry.test/team/app", error.Message, StringComparison.Ordinal);
        Assert.Contains("not the expected JSON", error.Message, StringComparison.Ordinal);
    }
}
