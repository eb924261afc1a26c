namespace OciRegistry.Client.Http.Tests.Mirrors;

/// <summary>
/// Pull-through mirrors of registry.test: mirror.test (repositories under cache/) first, then down.test, then the
/// registry itself, for repositories opened for pulling only.
/// </summary>
public sealed class MirrorTests
{
    private static readonly byte[] Manifest = ScriptedManifest.Bytes;
    private static readonly byte[] BlobBytes = "layer bytes"u8.ToArray();
    private static readonly Descriptor Blob = Descriptor.FromContent(MediaTypes.OciLayerGzip, BlobBytes);

    private static ScriptedRegistry Registry(ScriptedHandler handler) => new(handler, o =>
    {
        o.Retry.MaxRetries = 0;
        o.Registries["registry.test"] = new RegistryHostOptions { Mirrors = { "mirror.test/cache", "down.test" } };
    });

    private static bool Is(HttpRequestMessage request, string host, HttpMethod method, string path) =>
        request.RequestUri!.Host == host && request.Method == method && request.RequestUri.AbsolutePath == path;

    private static ScriptedHandler Pings() => new ScriptedHandler()
        .On(r => r.RequestUri!.AbsolutePath == "/v2/" && r.RequestUri.Host != "down.test", _ => new HttpResponseMessage(HttpStatusCode.OK))
        .On(r => r.RequestUri!.Host == "down.test", _ => throw new HttpRequestException("connection refused"));

    private static string[] Hosts(ScriptedRegistry registry, string pathPart) =>
        [.. registry.Handler.Requests.Where(r => r.Uri.AbsolutePath.Contains(pathPart, StringComparison.Ordinal)).Select(r => $"{r.Uri.Host}{r.Uri.AbsolutePath}")];

    [Fact]
    public async Task A_manifest_the_first_mirror_has_comes_from_it_under_its_prefix_and_the_registry_is_not_asked()
    {
        using var registry = Registry(Pings()
            .On(r => Is(r, "mirror.test", HttpMethod.Get, "/v2/cache/team/app/manifests/v1"), _ => ScriptedManifest.Response(Manifest)));

        var manifest = await registry.Repository().FetchManifestAsync("v1");

        Assert.Equal(Manifest, manifest.Content.ToArray());
        Assert.Equal(["mirror.test/v2/cache/team/app/manifests/v1"], Hosts(registry, "/manifests/"));
    }

    [Fact]
    public async Task Mirrors_that_lack_the_manifest_or_cannot_be_reached_are_skipped_in_order_and_the_registry_answers_last()
    {
        using var registry = Registry(Pings()
            .On(r => Is(r, "registry.test", HttpMethod.Get, "/v2/team/app/manifests/v1"), _ => ScriptedManifest.Response(Manifest)));

        var manifest = await registry.Repository().FetchManifestAsync("v1");

        Assert.Equal(Manifest, manifest.Content.ToArray());
        Assert.Equal(["mirror.test/v2/cache/team/app/manifests/v1", "registry.test/v2/team/app/manifests/v1"], Hosts(registry, "/manifests/"));
        Assert.Contains(registry.Handler.Requests, r => r.Uri.Host == "down.test");
    }

    [Fact]
    public async Task Blobs_are_read_and_found_through_mirrors_too()
    {
        var path = $"/v2/cache/team/app/blobs/{Blob.Digest}";
        using var registry = Registry(Pings()
            .On(r => Is(r, "mirror.test", HttpMethod.Get, path), _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(BlobBytes) })
            .On(r => Is(r, "mirror.test", HttpMethod.Head, path), _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(BlobBytes) }));
        var repository = registry.Repository();

        Assert.True(await repository.BlobExistsAsync(Blob));
        var content = await repository.FetchBlobAsync(Blob);
        await using var stream = content.Stream;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.Equal(BlobBytes, copy.ToArray());
        Assert.DoesNotContain(registry.Handler.Requests, r => r.Uri.Host == "registry.test" && r.Uri.AbsolutePath.Contains("/blobs/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_repository_opened_for_pushing_never_uses_the_mirrors()
    {
        using var registry = Registry(Pings()
            .On(r => r.RequestUri!.AbsolutePath.Contains("/blobs/", StringComparison.Ordinal), _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(BlobBytes) }));
        var destination = registry.Client.GetRepository(ImageReference.Parse("registry.test/team/app"), RepositoryAccess.PullPush);

        Assert.True(await destination.BlobExistsAsync(Blob));

        Assert.Equal([$"registry.test/v2/team/app/blobs/{Blob.Digest}"], Hosts(registry, "/blobs/"));
    }

    [Fact]
    public void A_mirror_that_is_not_a_host_fails_validation_naming_it()
    {
        var options = new OciRegistryClientOptions();
        options.Registries["registry.test"] = new RegistryHostOptions { Mirrors = { "mirror.test/cache", "not a host" } };

        var result = new OciRegistryClientOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("OciRegistry:Registries:registry.test:Mirrors:1: \"not a host\" is not a mirror location", result.FailureMessage, StringComparison.Ordinal);
    }
}
