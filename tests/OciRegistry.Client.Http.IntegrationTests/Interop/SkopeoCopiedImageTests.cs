using OciRegistry.Client.Http.IntegrationTests.Blobs;
using OciRegistry.Client.Http.IntegrationTests.Transport;
using OciRegistry.Client.Models;
using OciRegistry.Client.TestSupport.Images;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using Xunit.Abstractions;

namespace OciRegistry.Client.Http.IntegrationTests.Interop;

/// <summary>Images written by skopeo (built by umoci) read back through the client with identical digests.</summary>
public sealed class SkopeoCopiedImageTests : IClassFixture<RegistryFixture>, IDisposable
{
    private readonly RegistryFixture _registry;
    private readonly ProcessLogScope _log;
    private readonly FixtureClient _client;
    private readonly TestImages _images = TestImages.Locate();

    public SkopeoCopiedImageTests(RegistryFixture registry, ITestOutputHelper output)
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
    public async Task An_oci_image_copied_by_skopeo_reads_back_with_identical_digests()
    {
        var name = _registry.NewRepository("interop/oci");
        var pushed = await _images.PushAsync(_registry, name, "v1");

        await AssertReadsBackAsync(_client.Repository(name), "v1", pushed.ManifestDigest);
    }

    [Fact]
    public async Task A_docker_v2_image_converted_by_skopeo_reads_back_with_identical_digests()
    {
        var source = _registry.NewRepository("interop/src");
        await _images.PushAsync(_registry, source, "v1");
        var target = _registry.NewRepository("interop/docker");

        // The fixture serves plain HTTP without auth.
        await _images.Skopeo.RunAsync(
        [
            "copy", "--quiet", "--format", "v2s2",
            "--src-tls-verify=false", "--src-no-creds", "--dest-tls-verify=false", "--dest-no-creds",
            _registry.DockerReference(source, "v1"), _registry.DockerReference(target, "v1"),
        ]);
        var raw = await _images.Skopeo.InspectRawAsync(_registry.DockerReference(target, "v1"), _registry.GetSkopeoAccess());

        var manifest = await AssertReadsBackAsync(_client.Repository(target), "v1", Digest.Compute(raw.Span));
        Assert.Equal(MediaTypes.DockerManifest, manifest.MediaType);
    }

    private static async Task<Manifest> AssertReadsBackAsync(RegistryRepository repository, string tag, Digest expected)
    {
        var manifest = await repository.FetchManifestAsync(tag);
        Assert.Equal(expected, manifest.Digest);
        Assert.Equal(manifest.Descriptor, await repository.ResolveAsync(tag));

        var image = manifest.Image!;
        foreach (var blob in new[] { image.Config }.Concat(image.Layers))
        {
            await using var content = await repository.FetchBlobAsync(blob);
            var bytes = await BlobTests.ReadAllAsync(content.Stream);
            Assert.Equal(blob.Size, bytes.Length);
            Assert.Equal(blob.Digest, Digest.Compute(bytes));
        }

        var config = ImageConfig.Parse(await ReadBlobAsync(repository, image.Config));
        Assert.Equal(image.Layers.Count, config.RootFileSystem!.DiffIds.Count);
        return manifest;
    }

    private static async Task<byte[]> ReadBlobAsync(RegistryRepository repository, Descriptor blob)
    {
        await using var content = await repository.FetchBlobAsync(blob);
        return await BlobTests.ReadAllAsync(content.Stream);
    }
}
