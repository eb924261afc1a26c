using OciRegistry.Client.Http.IntegrationTests.Transport;
using OciRegistry.Client.TestSupport.Images;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using Xunit.Abstractions;

namespace OciRegistry.Client.Http.IntegrationTests.Manifests;

public sealed class DeletionDisabledRegistry() : RegistryFixture(new RegistryOptions { DeleteEnabled = false });

public sealed class DeletionDisabledTests : IClassFixture<DeletionDisabledRegistry>, IDisposable
{
    private readonly DeletionDisabledRegistry _registry;
    private readonly ProcessLogScope _log;
    private readonly FixtureClient _client;

    public DeletionDisabledTests(DeletionDisabledRegistry registry, ITestOutputHelper output)
    {
        _registry = registry;
        _log = registry.CaptureLog(output);
        _client = new FixtureClient(registry);
    }

    public void Dispose()
    {
        _client.Dispose();
        _log.Dispose();
    }

    [Fact]
    public async Task Deleting_a_manifest_says_deletion_is_disabled_and_leaves_it()
    {
        var name = _registry.NewRepository("delete/off");
        var pushed = await TestImages.Locate().PushAsync(_registry, name, "v1");
        var repository = _client.Repository(name);

        var error = await Assert.ThrowsAsync<OciRegistryException>(() => repository.DeleteManifestAsync(pushed.ManifestDigest));

        Assert.StartsWith("Deletion is disabled on this registry", error.Message, StringComparison.Ordinal);
        Assert.Contains(pushed.ManifestDigest.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, error.StatusCode);
        Assert.Equal(pushed.ManifestDigest, (await repository.FetchManifestAsync("v1")).Digest);
    }

    [Fact]
    public async Task Deleting_a_blob_says_deletion_is_disabled()
    {
        var name = _registry.NewRepository("delete/off");
        await TestImages.Locate().PushAsync(_registry, name, "v1");
        var repository = _client.Repository(name);
        var layer = (await repository.FetchManifestAsync("v1")).Image!.Layers[0];

        var error = await Assert.ThrowsAsync<OciRegistryException>(() => repository.DeleteBlobAsync(layer.Digest));

        Assert.StartsWith("Deletion is disabled on this registry", error.Message, StringComparison.Ordinal);
        Assert.True(await repository.BlobExistsAsync(layer));
    }
}
