using OciRegistry.Client.Http.IntegrationTests.Transport;
using OciRegistry.Client.Models;
using OciRegistry.Client.TestSupport.Images;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using Xunit.Abstractions;

namespace OciRegistry.Client.Http.IntegrationTests.Manifests;

public sealed class ManifestTests : IClassFixture<RegistryFixture>, IDisposable
{
    private readonly RegistryFixture _registry;
    private readonly ProcessLogScope _log;
    private readonly TestImages _images = TestImages.Locate();
    private readonly FixtureClient _client;

    public ManifestTests(RegistryFixture registry, ITestOutputHelper output)
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
    public async Task Fetch_by_tag_and_by_digest_returns_the_pushed_manifest()
    {
        var name = _registry.NewRepository("manifests/fetch");
        var pushed = await _images.PushAsync(_registry, name, "v1");
        var repository = _client.Repository(name);

        var byTag = await repository.FetchManifestAsync("v1");
        var byDigest = await repository.FetchManifestAsync(pushed.ManifestDigest.ToString());

        Assert.Equal(pushed.ManifestDigest, byTag.Digest);
        Assert.Equal(byTag.Content.ToArray(), byDigest.Content.ToArray());
        Assert.Equal(MediaTypes.OciManifest, byTag.MediaType);
        var raw = await _images.Skopeo.InspectRawAsync(_registry.DockerReference(name, "v1"), _registry.GetSkopeoAccess());
        Assert.Equal(raw.ToArray(), byTag.Content.ToArray());
    }

    [Fact]
    public async Task Head_resolve_returns_the_descriptor_of_the_get()
    {
        var name = _registry.NewRepository("manifests/resolve");
        var pushed = await _images.PushAsync(_registry, name, "v1");
        var repository = _client.Repository(name);

        var byTag = await repository.ResolveAsync("v1");
        var byDigest = await repository.ResolveAsync(pushed.ManifestDigest.ToString());
        var fetched = await repository.FetchManifestAsync("v1");

        Assert.Equal(fetched.Descriptor, byTag);
        Assert.Equal(fetched.Descriptor, byDigest);
    }

    [Fact]
    public async Task Pushed_bytes_read_back_identical_under_a_new_tag_and_by_digest()
    {
        var name = _registry.NewRepository("manifests/push");
        await _images.PushAsync(_registry, name, "v1");
        var repository = _client.Repository(name);
        var manifest = await repository.FetchManifestAsync("v1");

        var tagged = await repository.PushManifestAsync(manifest, "copy");
        var byDigest = await repository.PushManifestAsync(manifest);

        Assert.Equal(manifest.Descriptor, tagged);
        Assert.Equal(manifest.Descriptor, byDigest);
        Assert.Equal(manifest.Content.ToArray(), (await repository.FetchManifestAsync("copy")).Content.ToArray());
        var raw = await _images.Skopeo.InspectRawAsync(_registry.DockerReference(name, "copy"), _registry.GetSkopeoAccess());
        Assert.Equal(manifest.Content.ToArray(), raw.ToArray());
        var rawByDigest = await _images.Skopeo.InspectRawAsync(_registry.DockerReference(name, manifest.Digest.ToString()), _registry.GetSkopeoAccess());
        Assert.Equal(manifest.Content.ToArray(), rawByDigest.ToArray());
    }

    [Fact]
    public async Task Pushing_to_another_repository_without_its_blobs_is_refused()
    {
        var name = _registry.NewRepository("manifests/source");
        await _images.PushAsync(_registry, name, "v1");
        var manifest = await _client.Repository(name).FetchManifestAsync("v1");

        var error = await Assert.ThrowsAnyAsync<OciRegistryException>(
            () => _client.Repository(_registry.NewRepository("manifests/empty")).PushManifestAsync(manifest, "v1"));

        Assert.Equal(RegistryErrorCode.ManifestBlobUnknown, error.ErrorCode);
        Assert.Equal(RegistryOperation.PushManifest, error.Operation);
    }

    [Fact]
    public async Task Delete_by_digest_removes_the_manifest()
    {
        var name = _registry.NewRepository("manifests/delete");
        var pushed = await _images.PushAsync(_registry, name, "v1");
        var repository = _client.Repository(name);

        await repository.DeleteManifestAsync(pushed.ManifestDigest);

        var error = await Assert.ThrowsAsync<ManifestNotFoundException>(() => repository.FetchManifestAsync(pushed.ManifestDigest.ToString()));
        Assert.Equal(RegistryErrorCode.ManifestUnknown, error.ErrorCode);
        await Assert.ThrowsAsync<ManifestNotFoundException>(() => repository.ResolveAsync("v1"));
    }

    [Fact]
    public async Task A_missing_tag_is_manifest_not_found()
    {
        var name = _registry.NewRepository("manifests/missing");
        await _images.PushAsync(_registry, name, "v1");

        var error = await Assert.ThrowsAsync<ManifestNotFoundException>(() => _client.Repository(name).FetchManifestAsync("nope"));

        Assert.Equal(RegistryErrorCode.ManifestUnknown, error.ErrorCode);
        Assert.Contains($"Manifest nope in {_registry.Host}/{name} was not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_of_a_repository_that_does_not_exist_is_manifest_not_found()
    {
        var repository = _client.Repository(_registry.NewRepository("manifests/norepo"));

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
