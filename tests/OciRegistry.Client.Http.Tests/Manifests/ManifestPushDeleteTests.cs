namespace OciRegistry.Client.Http.Tests.Manifests;

public sealed class ManifestPushDeleteTests
{
    private static readonly byte[] ManifestBytes = ScriptedManifest.Bytes;

    private static readonly Manifest Manifest = Manifest.Parse(ManifestBytes, MediaTypes.OciManifest);

    [Fact]
    public async Task Push_by_tag_sends_the_exact_bytes_with_their_media_type()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Put, "/v2/team/app/manifests/v2", _ => new HttpResponseMessage(HttpStatusCode.Created)));

        var descriptor = await registry.Repository().PushManifestAsync(Manifest, "v2");

        var put = Assert.Single(registry.Handler.Requests, r => r.Method == HttpMethod.Put);
        Assert.Equal(ManifestBytes, put.Body);
        Assert.Equal(MediaTypes.OciManifest, put.ContentHeaders["Content-Type"]);
        Assert.Equal(Manifest.Descriptor, descriptor);
    }

    [Fact]
    public async Task Push_without_a_tag_stores_by_digest()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Put, $"/v2/team/app/manifests/{Manifest.Digest}", _ => new HttpResponseMessage(HttpStatusCode.Created)));

        await registry.Repository().PushManifestAsync(Manifest);

        Assert.Single(registry.Handler.Requests, r => r.Method == HttpMethod.Put);
    }

    [Fact]
    public async Task Push_refusal_names_the_registry_error()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Put, "/v2/team/app/manifests/v2", _ => new HttpResponseMessage(HttpStatusCode.BadRequest)
            {
                Content = new StringContent("{\"errors\":[{\"code\":\"MANIFEST_BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"}]}"),
            }));

        var error = await Assert.ThrowsAsync<OciRegistryException>(() => registry.Repository().PushManifestAsync(Manifest, "v2"));

        Assert.Equal(RegistryErrorCode.ManifestBlobUnknown, error.ErrorCode);
        Assert.Equal(RegistryOperation.PushManifest, error.Operation);
    }

    [Fact]
    public async Task Delete_sends_delete_by_digest()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Delete, $"/v2/team/app/manifests/{Manifest.Digest}", _ => new HttpResponseMessage(HttpStatusCode.Accepted)));

        await registry.Repository().DeleteManifestAsync(Manifest.Digest);

        Assert.Single(registry.Handler.Requests, r => r.Method == HttpMethod.Delete);
    }
}
