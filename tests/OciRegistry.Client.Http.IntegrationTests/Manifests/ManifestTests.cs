namespace OciRegistry.Client.Http.IntegrationTests.Manifests;

public sealed class ManifestTests(RegistryFixture registry, ITestOutputHelper output) : RegistryTests<RegistryFixture>(registry, output), IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task Fetch_by_tag_and_by_digest_returns_the_pushed_manifest()
    {
        var (repository, pushed) = await PushTestImageAsync("manifests/fetch");
        var name = repository.Repository;

        var byTag = await repository.FetchManifestAsync("v1");
        var byDigest = await repository.FetchManifestAsync(pushed.ManifestDigest.ToString());

        Assert.Equal(pushed.ManifestDigest, byTag.Digest);
        Assert.Equal(byTag.Content.ToArray(), byDigest.Content.ToArray());
        Assert.Equal(MediaTypes.OciManifest, byTag.MediaType);
        var raw = await Images.Skopeo.InspectRawAsync(Registry.DockerReference(name, "v1"), Registry.GetSkopeoAccess());
        Assert.Equal(raw.ToArray(), byTag.Content.ToArray());
    }

    [Fact]
    public async Task Head_resolve_returns_the_descriptor_of_the_get()
    {
        var (repository, pushed) = await PushTestImageAsync("manifests/resolve");

        var byTag = await repository.ResolveAsync("v1");
        var byDigest = await repository.ResolveAsync(pushed.ManifestDigest.ToString());
        var fetched = await repository.FetchManifestAsync("v1");

        Assert.Equal(fetched.Descriptor, byTag);
        Assert.Equal(fetched.Descriptor, byDigest);
    }

    [Fact]
    public async Task Pushed_bytes_read_back_identical_under_a_new_tag_and_by_digest()
    {
        var (repository, _) = await PushTestImageAsync("manifests/push");
        var name = repository.Repository;
        var manifest = await repository.FetchManifestAsync("v1");

        var tagged = await repository.PushManifestAsync(manifest, "copy");
        var byDigest = await repository.PushManifestAsync(manifest);

        Assert.Equal(manifest.Descriptor, tagged);
        Assert.Equal(manifest.Descriptor, byDigest);
        Assert.Equal(manifest.Content.ToArray(), (await repository.FetchManifestAsync("copy")).Content.ToArray());
        var raw = await Images.Skopeo.InspectRawAsync(Registry.DockerReference(name, "copy"), Registry.GetSkopeoAccess());
        Assert.Equal(manifest.Content.ToArray(), raw.ToArray());
        var rawByDigest = await Images.Skopeo.InspectRawAsync(Registry.DockerReference(name, manifest.Digest.ToString()), Registry.GetSkopeoAccess());
        Assert.Equal(manifest.Content.ToArray(), rawByDigest.ToArray());
    }

    [Fact]
    public async Task Pushing_to_another_repository_without_its_blobs_is_refused()
    {
        var name = Registry.NewRepository("manifests/source");
        await Images.PushAsync(Registry, name, "v1");
        var manifest = await Client.Repository(name).FetchManifestAsync("v1");

        var error = await Assert.ThrowsAnyAsync<OciRegistryException>(
            () => Client.Repository(Registry.NewRepository("manifests/empty")).PushManifestAsync(manifest, "v1"));

        Assert.Equal(RegistryErrorCode.ManifestBlobUnknown, error.ErrorCode);
        Assert.Equal(RegistryOperation.PushManifest, error.Operation);
    }

    [Fact]
    public async Task Delete_by_digest_removes_the_manifest()
    {
        var (repository, pushed) = await PushTestImageAsync("manifests/delete");

        await repository.DeleteManifestAsync(pushed.ManifestDigest);

        var error = await Assert.ThrowsAsync<ManifestNotFoundException>(() => repository.FetchManifestAsync(pushed.ManifestDigest.ToString()));
        Assert.Equal(RegistryErrorCode.ManifestUnknown, error.ErrorCode);
        await Assert.ThrowsAsync<ManifestNotFoundException>(() => repository.ResolveAsync("v1"));
    }

    [Fact]
    public async Task A_missing_tag_is_manifest_not_found()
    {
        var name = Registry.NewRepository("manifests/missing");
        await Images.PushAsync(Registry, name, "v1");

        var error = await Assert.ThrowsAsync<ManifestNotFoundException>(() => Client.Repository(name).FetchManifestAsync("nope"));

        Assert.Equal(RegistryErrorCode.ManifestUnknown, error.ErrorCode);
        Assert.Contains($"Manifest nope in {Registry.Host}/{name} was not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_of_a_repository_that_does_not_exist_is_manifest_not_found()
    {
        var repository = Client.Repository(Registry.NewRepository("manifests/norepo"));

        var byTag = await Assert.ThrowsAsync<ManifestNotFoundException>(() => repository.FetchManifestAsync("v1"));
        var byDigest = await Assert.ThrowsAsync<ManifestNotFoundException>(() => repository.FetchManifestAsync(Digest.Compute("x"u8).ToString()));
        var resolved = await Assert.ThrowsAsync<ManifestNotFoundException>(() => repository.ResolveAsync("v1"));

        // Distribution 2.8 answers MANIFEST_UNKNOWN here, not NAME_UNKNOWN; a HEAD has no body to tell.
        Assert.Equal(RegistryErrorCode.ManifestUnknown, byTag.ErrorCode);
        Assert.Equal(RegistryErrorCode.ManifestUnknown, byDigest.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, byTag.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, byDigest.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, resolved.StatusCode);
    }
}
