namespace OciRegistry.Client.Http.IntegrationTests.Manifests;

public sealed class DeletionDisabledRegistry() : RegistryFixture(new RegistryOptions { DeleteEnabled = false });

public sealed class DeletionDisabledTests(DeletionDisabledRegistry registry, ITestOutputHelper output) : RegistryTests<DeletionDisabledRegistry>(registry, output), IClassFixture<DeletionDisabledRegistry>
{
    [Fact]
    public async Task Deleting_a_manifest_says_deletion_is_disabled_and_leaves_it()
    {
        var (repository, pushed) = await PushTestImageAsync("delete/off");

        var error = await Assert.ThrowsAsync<OciRegistryException>(() => repository.DeleteManifestAsync(pushed.ManifestDigest));

        Assert.StartsWith("Deletion is disabled on this registry", error.Message, StringComparison.Ordinal);
        Assert.Contains(pushed.ManifestDigest.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, error.StatusCode);
        Assert.Equal(pushed.ManifestDigest, (await repository.FetchManifestAsync("v1")).Digest);
    }

    [Fact]
    public async Task Deleting_a_blob_says_deletion_is_disabled()
    {
        var (repository, _) = await PushTestImageAsync("delete/off");
        var layer = (await repository.FetchManifestAsync("v1")).Image!.Layers[0];

        var error = await Assert.ThrowsAsync<OciRegistryException>(() => repository.DeleteBlobAsync(layer.Digest));

        Assert.StartsWith("Deletion is disabled on this registry", error.Message, StringComparison.Ordinal);
        Assert.True(await repository.BlobExistsAsync(layer));
    }
}
