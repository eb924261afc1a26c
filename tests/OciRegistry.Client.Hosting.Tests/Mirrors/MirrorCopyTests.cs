using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Hosting.Tests.Support;
using OciRegistry.Client.Http;
using OciRegistry.Client.TestSupport.Images;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using Xunit.Abstractions;

namespace OciRegistry.Client.Hosting.Tests.Mirrors;

/// <summary>A registry's mirror, configured as in containers-registries.conf, serves a copy's pulls between real registries.</summary>
public sealed class MirrorCopyTests(RegistryFixture upstream, SecondRegistry mirror, ITestOutputHelper output)
    : IClassFixture<RegistryFixture>, IClassFixture<SecondRegistry>, IDisposable
{
    private readonly ProcessLogScope _upstreamLog = upstream.CaptureLog(output);
    private readonly ProcessLogScope _mirrorLog = mirror.CaptureLog(output);

    [Fact]
    public async Task A_copy_from_a_registry_reads_the_image_its_mirror_holds_and_writes_to_the_registry_itself()
    {
        // The image exists only on the mirror, under its prefix: the upstream alone could not serve it.
        var repository = upstream.NewRepository("mirrored");
        var image = await TestImages.Locate().PushAsync(mirror, $"cache/{repository}", "1.0");
        var configuration = TestConfiguration.From(
            ($"OciRegistry:Registries:{upstream.Host}:Insecure", "true"),
            ($"OciRegistry:Registries:{upstream.Host}:Mirrors:0", $"{mirror.Host}/cache"),
            ($"OciRegistry:Registries:{mirror.Host}:Insecure", "true"));
        var services = new ServiceCollection();
        services.AddOciRegistryClient(configuration.GetSection("OciRegistry")).AddCopyEngine();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        var client = provider.GetRequiredService<OciRegistryClient>();

        var result = await provider.GetRequiredService<ImageCopier>().CopyAsync(
            client.GetRepository(ImageReference.Parse($"{upstream.Host}/{repository}")), "1.0",
            client.GetRepository(ImageReference.Parse($"{upstream.Host}/{repository}-copy"), RepositoryAccess.PullPush), "1.0");

        Assert.Equal(image.ManifestDigest, result.Manifest.Digest);
        Assert.All(result.Blobs, b => Assert.Equal(BlobCopyStatus.Transferred, b.Status));
        var written = await client.GetRepository(ImageReference.Parse($"{upstream.Host}/{repository}-copy")).FetchManifestAsync("1.0");
        Assert.Equal(image.ManifestDigest, written.Digest);
    }

    public void Dispose()
    {
        _upstreamLog.Dispose();
        _mirrorLog.Dispose();
    }
}
