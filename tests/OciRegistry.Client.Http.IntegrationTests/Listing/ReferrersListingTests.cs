using System.Text;

namespace OciRegistry.Client.Http.IntegrationTests.Listing;

public sealed class ReferrersListingTests(RegistryFixture registry, ITestOutputHelper output) : IClassFixture<RegistryFixture>, IDisposable
{
    private const string Sbom = "application/vnd.example.sbom.v1";
    private const string Signature = "application/vnd.example.signature.v1";

    private readonly ProcessLogScope _log = registry.CaptureLog(output);

    [Fact]
    public async Task Without_the_referrers_api_the_tag_schema_index_is_found_and_filtered()
    {
        var name = registry.NewRepository("list/referrers");
        var image = await TestImages.Locate().PushAsync(registry, name, "v1");
        var recorder = new RequestRecorder();
        using var client = recorder.ClientFor(registry);
        var repository = client.Repository(name);
        var subject = await repository.ResolveAsync("v1");

        // As ORAS does on registries without the API: artifacts pointing at the image, pushed by digest, and an
        // index of them under the tag sha256-<hex>.
        var sbom = await ArtifactAsync(name, Sbom, subject, "the sbom");
        var signature = await ArtifactAsync(name, Signature, subject, "the signature");
        await repository.PushManifestAsync(sbom);
        await repository.PushManifestAsync(signature);
        var index = Manifest.Create(new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests = [sbom.Descriptor, signature.Descriptor],
        });
        await repository.PushManifestAsync(index, $"sha256-{image.ManifestDigest.Encoded}");
        recorder.Exchanges.Clear();

        var all = await repository.ListReferrersAsync(image.ManifestDigest).ToListAsync();
        var sboms = await repository.ListReferrersAsync(image.ManifestDigest, Sbom).ToListAsync();

        Assert.Equal([sbom.Digest, signature.Digest], all.Select(d => d.Digest));
        Assert.Equal([Sbom, Signature], all.Select(d => d.ArtifactType));
        Assert.Equal([sbom.Digest], sboms.Select(d => d.Digest));

        // Distribution 2.8 has no referrers API: each listing asked it first, got 404, then read the tag.
        var referrersRequests = recorder.Exchanges.Where(e => e.PathAndQuery.StartsWith($"/v2/{name}/referrers/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, referrersRequests.Count);
        Assert.All(referrersRequests, e => Assert.Equal(404, e.Status));
        Assert.Contains(referrersRequests, e => e.PathAndQuery.EndsWith("?artifactType=application%2Fvnd.example.sbom.v1", StringComparison.Ordinal));
        Assert.Equal(2, recorder.Exchanges.Count(e => e.Method == "GET" && e.PathAndQuery == $"/v2/{name}/manifests/sha256-{image.ManifestDigest.Encoded}"));
    }

    [Fact]
    public async Task Without_the_referrers_api_and_without_the_tag_there_are_no_referrers()
    {
        var name = registry.NewRepository("list/no-referrers");
        var image = await TestImages.Locate().PushAsync(registry, name, "v1");
        var recorder = new RequestRecorder();
        using var client = recorder.ClientFor(registry);
        var repository = client.Repository(name);

        Assert.Empty(await repository.ListReferrersAsync(image.ManifestDigest).ToListAsync());
        Assert.Contains(recorder.Exchanges, e => e.PathAndQuery == $"/v2/{name}/manifests/sha256-{image.ManifestDigest.Encoded}" && e.Status == 404);
    }

    private async Task<Manifest> ArtifactAsync(string repository, string artifactType, Descriptor subject, string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var layer = Descriptor.FromContent("application/vnd.example.payload", bytes);
        await TestBlobs.PushAsync(registry, repository, layer, bytes);
        return await TestBlobs.EmptyImageAsync(registry, repository, artifactType, subject with { ArtifactType = null, Annotations = null, Platform = null }, [layer]);
    }

    public void Dispose() => _log.Dispose();
}
