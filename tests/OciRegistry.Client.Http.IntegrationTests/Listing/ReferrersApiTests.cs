using System.IO.Pipelines;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client.TestSupport.Referrers;

namespace OciRegistry.Client.Http.IntegrationTests.Listing;

/// <summary>
/// Against a registry that has the referrers API (in process, one referrer per page): pushing a referrer leaves the
/// list to the registry, and listing reads the API's pages and its filter; the sha256-HEX fallback tag is neither
/// written nor read.
/// </summary>
public sealed class ReferrersApiTests
{
    private const string Repository = "team/app";
    private const string Sbom = "application/spdx+json";
    private const string Signature = "application/vnd.dev.sigstore.bundle.v0.3+json";

    [Fact]
    public async Task With_the_referrers_api_referrers_are_listed_through_its_pages_and_no_fallback_tag_is_touched()
    {
        await using var registry = await ReferrersApiRegistry.StartAsync(pageSize: 1);
        await using var services = Services(registry);
        var repository = services.GetRequiredService<OciRegistryClient>()
            .GetRepository(ImageReference.Parse($"{registry.Host}/{Repository}"), RepositoryAccess.PullPush);
        var image = await PushManifestAsync(repository, "application/vnd.oci.image.config.v1+json", null, null, "the image layer", "v1");
        var sbom = await PushManifestAsync(repository, "application/vnd.oci.empty.v1+json", Sbom, image.Descriptor, "the sbom", null);
        var signature = await PushManifestAsync(repository, "application/vnd.oci.empty.v1+json", Signature, image.Descriptor, "the signature", null);

        var all = await repository.ListReferrersAsync(image.Digest).ToListAsync();
        var signatures = await repository.ListReferrersAsync(image.Digest, Signature).ToListAsync();

        Assert.Equal(
            new[] { sbom.Digest.ToString(), signature.Digest.ToString() }.Order(StringComparer.Ordinal),
            all.Select(d => d.Digest.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal([signature.Digest], signatures.Select(d => d.Digest));
        Assert.Equal(Signature, signatures[0].ArtifactType);
        var fallbackTag = $"sha256-{image.Digest.Encoded}";
        Assert.False(registry.HasManifest(Repository, fallbackTag));
        Assert.DoesNotContain(registry.Received, r => r.PathAndQuery.Contains(fallbackTag, StringComparison.Ordinal));
        Assert.Contains(registry.Received, r => r.PathAndQuery == $"/v2/{Repository}/referrers/{image.Digest}?page=1");
        Assert.Contains(registry.Received, r => r.PathAndQuery.StartsWith($"/v2/{Repository}/referrers/{image.Digest}?artifactType=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(UploadStrategy.Monolithic, 0)]
    [InlineData(UploadStrategy.SingleRequest, 0)]
    [InlineData(UploadStrategy.Streaming, 1)]
    [InlineData(UploadStrategy.Chunked, 7)]
    public async Task Every_upload_strategy_of_the_client_stores_the_blob_in_the_referrers_registry(UploadStrategy strategy, int patches)
    {
        await using var registry = await ReferrersApiRegistry.StartAsync();
        await using var services = Services(registry, chunkSize: 16 * 1024);
        var repository = services.GetRequiredService<OciRegistryClient>()
            .GetRepository(ImageReference.Parse($"{registry.Host}/{Repository}"), RepositoryAccess.PullPush);
        var content = new byte[100_000];
        new Random(3).NextBytes(content);
        var blob = Descriptor.FromContent(MediaTypes.OciLayerGzip, content);

        using (var stream = new MemoryStream(content))
        {
            await repository.PushBlobAsync(blob, stream, strategy, CancellationToken.None);
        }

        Assert.True(registry.HasBlob(Repository, blob.Digest.ToString()));
        Assert.Equal(0, registry.OpenUploads);
        var sent = registry.Received.Where(r => r.Method == "PATCH").ToList();
        Assert.Equal(patches, sent.Count);
        Assert.Equal(strategy == UploadStrategy.Chunked, sent.Count > 0 && sent.All(r => r.Header("Content-Range") is not null));
    }

    private static async Task<Manifest> PushManifestAsync(
        RegistryRepository repository, string configType, string? artifactType, Descriptor? subject, string layerText, string? tag)
    {
        var config = await PushBlobAsync(repository, configType == "application/vnd.oci.empty.v1+json" ? "{}"u8.ToArray() : """{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"""u8.ToArray(), configType);
        var layer = await PushBlobAsync(repository, Encoding.UTF8.GetBytes(layerText), artifactType ?? MediaTypes.OciLayerGzip);
        var manifest = Manifest.Create(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            ArtifactType = artifactType,
            Config = config,
            Layers = [layer],
            Subject = subject,
        });
        await repository.PushManifestAsync(manifest, tag);
        return manifest;
    }

    private static async Task<Descriptor> PushBlobAsync(RegistryRepository repository, byte[] content, string mediaType)
    {
        var descriptor = Descriptor.FromContent(mediaType, content);
        using var stream = new MemoryStream(content);
        await repository.PushBlobAsync(descriptor, PipeReader.Create(stream));
        return descriptor;
    }

    private static ServiceProvider Services(ReferrersApiRegistry registry, int chunkSize = 8 * 1024 * 1024)
    {
        var services = new ServiceCollection();
        services.AddOciRegistryClient(o =>
        {
            o.Registries[registry.Host] = new RegistryHostOptions { Insecure = true };
            o.Retry.MaxRetries = 0;
            o.ChunkSize = chunkSize;
        });
        return services.BuildServiceProvider();
    }
}
