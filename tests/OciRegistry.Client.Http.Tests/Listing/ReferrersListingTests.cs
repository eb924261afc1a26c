using System.Net.Http.Headers;
using static OciRegistry.Client.Http.Tests.Listing.ListingResponses;

namespace OciRegistry.Client.Http.Tests.Listing;

public sealed class ReferrersListingTests
{
    private const string Sbom = "application/vnd.example.sbom.v1";
    private const string Signature = "application/vnd.example.signature.v1+json";

    private static readonly Digest Subject = Digest.Compute("the image"u8);
    private static readonly string ReferrersPath = $"/v2/team/app/referrers/{Subject}";
    private static readonly string FallbackTagPath = $"/v2/team/app/manifests/sha256-{Subject.Encoded}";

    private static readonly Descriptor SbomReferrer = Referrer("sbom", Sbom);
    private static readonly Descriptor SignatureReferrer = Referrer("signature", Signature);

    private static Descriptor Referrer(string content, string artifactType) =>
        Descriptor.FromContent(MediaTypes.OciManifest, System.Text.Encoding.UTF8.GetBytes(content)) with { ArtifactType = artifactType };

    private static Manifest Index(params Descriptor[] manifests) =>
        Manifest.Create(new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = manifests });

    private static HttpResponseMessage IndexResponse(Manifest manifest, string? filtersApplied = null, string? link = null)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(manifest.Content.ToArray()) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue(manifest.MediaType);
        if (filtersApplied is not null)
        {
            response.Headers.TryAddWithoutValidation("OCI-Filters-Applied", filtersApplied);
        }

        if (link is not null)
        {
            response.Headers.TryAddWithoutValidation("Link", link);
        }

        return response;
    }

    private static HttpResponseMessage NoReferrersApi() =>
        new(HttpStatusCode.NotFound) { Content = new StringContent("404 page not found\n") };

    [Fact]
    public async Task Lists_every_referrer_the_api_returns()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => IsGet(r, ReferrersPath), _ => IndexResponse(Index(SbomReferrer, SignatureReferrer))));

        var referrers = await registry.Repository().ListReferrersAsync(Subject).ToListAsync();

        Assert.Equal([SbomReferrer.Digest, SignatureReferrer.Digest], referrers.Select(d => d.Digest));
        Assert.Equal([Sbom, Signature], referrers.Select(d => d.ArtifactType));
        var request = registry.Handler.Requests.Single(r => r.Uri.AbsolutePath == ReferrersPath);
        Assert.Equal(string.Empty, request.Uri.Query);
        Assert.Contains(MediaTypes.OciIndex, request.Headers["Accept"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registry_that_applied_the_filter_is_trusted()
    {
        // The registry says it filtered: its answer is taken as it is (it may match artifact types on its side, e.g.
        // from the config media type, in ways the descriptor does not show).
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => IsGet(r, ReferrersPath), _ => IndexResponse(Index(SbomReferrer, SignatureReferrer), filtersApplied: "artifactType")));

        var referrers = await registry.Repository().ListReferrersAsync(Subject, Signature).ToListAsync();

        Assert.Equal(2, referrers.Count);
        var request = registry.Handler.Requests.Single(r => r.Uri.AbsolutePath == ReferrersPath);
        Assert.Equal("?artifactType=application%2Fvnd.example.signature.v1%2Bjson", request.Uri.Query);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("annotation")]
    [InlineData("somethingElse, other")]
    public async Task Without_the_filter_applied_the_referrers_are_filtered_here(string? filtersApplied)
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => IsGet(r, ReferrersPath), _ => IndexResponse(Index(SbomReferrer, SignatureReferrer), filtersApplied)));

        var referrers = await registry.Repository().ListReferrersAsync(Subject, Signature).ToListAsync();

        Assert.Equal([SignatureReferrer.Digest], referrers.Select(d => d.Digest));
    }

    [Fact]
    public async Task A_filter_listed_among_others_counts_as_applied()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => IsGet(r, ReferrersPath), _ => IndexResponse(Index(SbomReferrer), filtersApplied: "annotation, artifactType")));

        Assert.Single(await registry.Repository().ListReferrersAsync(Subject, Signature).ToListAsync());
    }

    [Fact]
    public async Task Follows_the_pages_of_the_api()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => IsGet(r, ReferrersPath, string.Empty), _ => IndexResponse(Index(SbomReferrer), link: $"<{ReferrersPath}?page=2>; rel=\"next\""))
            .On(r => IsGet(r, ReferrersPath, "?page=2"), _ => IndexResponse(Index(SignatureReferrer))));

        var referrers = await registry.Repository().ListReferrersAsync(Subject).ToListAsync();

        Assert.Equal([SbomReferrer.Digest, SignatureReferrer.Digest], referrers.Select(d => d.Digest));
    }

    [Fact]
    public async Task A_repeated_next_link_stops_the_listing()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => IsGet(r, ReferrersPath), _ => IndexResponse(Index(SbomReferrer), link: $"<{ReferrersPath}?page=2>; rel=\"next\"")));

        var error = await Assert.ThrowsAsync<OciRegistryException>(async () => await registry.Repository().ListReferrersAsync(Subject).ToListAsync());

        Assert.Contains($"the referrers of {Subject} in registry.test/team/app", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_that_is_not_an_index_is_an_error()
    {
        var manifest = Manifest.Create(new ImageManifest { MediaType = MediaTypes.OciManifest, Config = Descriptor.Empty, Layers = [] });
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => IsGet(r, ReferrersPath), _ => IndexResponse(manifest)));

        var error = await Assert.ThrowsAsync<OciRegistryException>(async () => await registry.Repository().ListReferrersAsync(Subject).ToListAsync());

        Assert.Contains("not an image index", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_api_the_index_under_the_referrers_tag_is_read_and_filtered()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => IsGet(r, ReferrersPath), _ => NoReferrersApi())
            .On(r => IsGet(r, FallbackTagPath), _ => IndexResponse(Index(SbomReferrer, SignatureReferrer))));

        var all = await registry.Repository().ListReferrersAsync(Subject).ToListAsync();
        var sboms = await registry.Repository().ListReferrersAsync(Subject, Sbom).ToListAsync();

        Assert.Equal([SbomReferrer.Digest, SignatureReferrer.Digest], all.Select(d => d.Digest));
        Assert.Equal([SbomReferrer.Digest], sboms.Select(d => d.Digest));
    }

    [Fact]
    public async Task Without_the_api_a_referrers_tag_holding_an_image_manifest_means_no_referrers()
    {
        var manifest = Manifest.Create(new ImageManifest { MediaType = MediaTypes.OciManifest, Config = Descriptor.Empty, Layers = [] });
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => IsGet(r, ReferrersPath), _ => NoReferrersApi())
            .On(r => IsGet(r, FallbackTagPath), _ => IndexResponse(manifest)));

        Assert.Empty(await registry.Repository().ListReferrersAsync(Subject).ToListAsync());
        Assert.Contains(registry.Handler.Requests, r => r.Uri.AbsolutePath == FallbackTagPath);
    }

    [Fact]
    public async Task Without_the_api_a_referrers_tag_holding_garbage_means_no_referrers()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => IsGet(r, ReferrersPath), _ => NoReferrersApi())
            .On(r => IsGet(r, FallbackTagPath), _ =>
            {
                var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("not json") };
                response.Content.Headers.ContentType = new MediaTypeHeaderValue(MediaTypes.OciIndex);
                return response;
            }));

        Assert.Empty(await registry.Repository().ListReferrersAsync(Subject).ToListAsync());
    }

    [Fact]
    public async Task Without_the_api_a_missing_referrers_tag_means_no_referrers()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => IsGet(r, ReferrersPath), _ => NoReferrersApi())
            .On(r => IsGet(r, FallbackTagPath), _ => Error(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN")));

        Assert.Empty(await registry.Repository().ListReferrersAsync(Subject).ToListAsync());
        Assert.Contains(registry.Handler.Requests, r => r.Uri.AbsolutePath == FallbackTagPath);
    }

    [Fact]
    public async Task A_missing_repository_is_an_error_and_no_tag_is_tried()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => IsGet(r, ReferrersPath), _ => Error(HttpStatusCode.NotFound, "NAME_UNKNOWN")));

        var error = await Assert.ThrowsAsync<RepositoryNotFoundException>(async () => await registry.Repository().ListReferrersAsync(Subject).ToListAsync());

        Assert.Equal(RegistryOperation.ListReferrers, error.Operation);
        Assert.DoesNotContain(registry.Handler.Requests, r => r.Uri.AbsolutePath.Contains("/manifests/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_404_on_a_later_page_is_an_error_not_a_fallback()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(r => IsGet(r, ReferrersPath, string.Empty), _ => IndexResponse(Index(SbomReferrer), link: $"<{ReferrersPath}?page=2>; rel=\"next\""))
            .On(r => IsGet(r, ReferrersPath, "?page=2"), _ => NoReferrersApi()));

        await Assert.ThrowsAnyAsync<OciRegistryException>(async () => await registry.Repository().ListReferrersAsync(Subject).ToListAsync());

        Assert.DoesNotContain(registry.Handler.Requests, r => r.Uri.AbsolutePath.Contains("/manifests/", StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_artifact_type_is_rejected()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing());

        Assert.Throws<ArgumentException>(() => registry.Repository().ListReferrersAsync(Subject, " "));
    }
}
