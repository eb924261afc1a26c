using System.Text;
using OciRegistry.Client.Http.IntegrationTests.Listing;
using OciRegistry.Client.Referrers;

namespace OciRegistry.Client.Http.IntegrationTests.Manifests;

// Distribution 2.8 has no referrers API and answers a manifest PUT without OCI-Subject, so the client keeps the
// referrers tag schema's index itself.
public sealed class ReferrersTagUpdateTests(RegistryFixture registry, ITestOutputHelper output) : IClassFixture<RegistryFixture>, IDisposable
{
    private const string Sbom = "application/spdx+json";
    private const string Provenance = "application/vnd.in-toto+json";

    private readonly ProcessLogScope _log = registry.CaptureLog(output);

    [Fact]
    public async Task Pushing_referrers_adds_each_to_the_subject_tag_index_keeping_the_earlier_ones()
    {
        var name = registry.NewRepository("referrers/push");
        var image = await TestImages.Locate().PushAsync(registry, name, "v1");
        using var client = new FixtureClient(registry);
        var repository = client.Repository(name);
        var subject = await repository.ResolveAsync("v1");

        var sbom = await ArtifactAsync(name, Sbom, subject, "sbom", new Dictionary<string, string> { ["org.opencontainers.image.created"] = "2024-01-01T00:00:00Z" });
        var provenance = await ArtifactAsync(name, Provenance, subject, "provenance");
        await repository.PushManifestAsync(sbom);
        await repository.PushManifestAsync(provenance);

        var index = await repository.FetchManifestAsync(ReferrerTags.ForSubject(image.ManifestDigest));
        Assert.Equal(MediaTypes.OciIndex, index.MediaType);
        Assert.Equal([sbom.Digest, provenance.Digest], index.Index!.Manifests.Select(d => d.Digest));
        var listed = await ((IReferrerLister)repository).ListReferrersAsync(image.ManifestDigest, ReferrerFilter.All).ToListAsync();
        Assert.Equal([sbom.Digest, provenance.Digest], listed.Select(r => r.Descriptor.Digest));
        Assert.All(listed, r => Assert.Equal(ReferrerKind.Subject, r.Kind));
        Assert.Equal([Sbom, Provenance], listed.Select(r => r.Descriptor.ArtifactType));
        Assert.Equal("2024-01-01T00:00:00Z", listed[0].Descriptor.Annotations!["org.opencontainers.image.created"]);
        Assert.Equal(sbom.Size, listed[0].Descriptor.Size);
    }

    [Fact]
    public async Task Pushing_a_referrer_again_leaves_the_index_as_it_is()
    {
        var name = registry.NewRepository("referrers/again");
        var image = await TestImages.Locate().PushAsync(registry, name, "v1");
        using var client = new FixtureClient(registry);
        var repository = client.Repository(name);
        var sbom = await ArtifactAsync(name, Sbom, await repository.ResolveAsync("v1"), "sbom");

        await repository.PushManifestAsync(sbom);
        var first = await repository.ResolveAsync(ReferrerTags.ForSubject(image.ManifestDigest));
        await repository.PushManifestAsync(sbom);

        Assert.Equal(first.Digest, (await repository.ResolveAsync(ReferrerTags.ForSubject(image.ManifestDigest))).Digest);
    }

    [Fact]
    public async Task Two_clients_adding_referrers_to_one_subject_at_once_leave_every_entry()
    {
        var name = registry.NewRepository("referrers/race");
        var image = await TestImages.Locate().PushAsync(registry, name, "v1");
        using var first = new FixtureClient(registry);
        using var second = new FixtureClient(registry);
        var subject = await first.Repository(name).ResolveAsync("v1");
        var artifacts = new List<Manifest>();
        for (var i = 0; i < 12; i++)
        {
            artifacts.Add(await ArtifactAsync(name, i % 2 == 0 ? Sbom : Provenance, subject, $"artifact {i}"));
        }

        // Two independent clients (own connections, own token state), each pushing its half as fast as it can.
        using var start = new ManualResetEventSlim();
        var writers = new[] { first, second }.Select((client, w) => Task.Run(async () =>
        {
            start.Wait();
            foreach (var artifact in artifacts.Where((_, i) => i % 2 == w))
            {
                await client.Repository(name).PushManifestAsync(artifact);
            }
        })).ToArray();
        start.Set();
        await Task.WhenAll(writers);

        var index = await first.Repository(name).FetchManifestAsync(ReferrerTags.ForSubject(image.ManifestDigest));
        Assert.Equal(artifacts.Select(a => a.Digest.ToString()).Order(StringComparer.Ordinal), index.Index!.Manifests.Select(d => d.Digest.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_referrers_tag_holding_something_else_is_not_replaced()
    {
        var name = registry.NewRepository("referrers/occupied");
        var image = await TestImages.Locate().PushAsync(registry, name, "v1");
        using var client = new FixtureClient(registry);
        var repository = client.Repository(name);
        var subject = await repository.ResolveAsync("v1");
        var squatter = await TestBlobs.EmptyImageAsync(registry, name);
        var tag = ReferrerTags.ForSubject(image.ManifestDigest);
        await repository.PushManifestAsync(squatter, tag);
        var sbom = await ArtifactAsync(name, Sbom, subject, "sbom");

        var e = await Assert.ThrowsAsync<OciRegistryException>(() => repository.PushManifestAsync(sbom));

        Assert.Contains($"The referrers tag {tag}", e.Message, StringComparison.Ordinal);
        Assert.Contains("not an OCI image index; it is not replaced", e.Message, StringComparison.Ordinal);
        Assert.Equal(squatter.Digest, (await repository.ResolveAsync(tag)).Digest);
    }

    [Fact]
    public async Task Cosign_attachments_under_their_tags_are_listed_with_cosign_artifact_types()
    {
        var name = registry.NewRepository("referrers/cosign");
        var image = await TestImages.Locate().PushAsync(registry, name, "v1");
        using var client = new FixtureClient(registry);
        var repository = client.Repository(name);
        var signature = await ArtifactAsync(name, null, null, "signature");
        var sbom = await ArtifactAsync(name, null, null, "sbom");
        await repository.PushManifestAsync(signature, ReferrerTags.ForCosign(image.ManifestDigest, ".sig"));
        await repository.PushManifestAsync(sbom, ReferrerTags.ForCosign(image.ManifestDigest, ".sbom"));
        IReferrerLister lister = repository;

        var all = await lister.ListReferrersAsync(image.ManifestDigest, ReferrerFilter.All).ToListAsync();
        var signatures = await lister.ListReferrersAsync(
            image.ManifestDigest, new ReferrerFilter { ArtifactTypes = [ReferrerTags.CosignArtifactType(".sig")] }).ToListAsync();
        var withoutCosign = await lister.ListReferrersAsync(image.ManifestDigest, ReferrerFilter.All with { CosignTags = false }).ToListAsync();

        Assert.Equal([signature.Digest, sbom.Digest], all.Select(r => r.Descriptor.Digest));
        Assert.All(all, r => Assert.Equal(ReferrerKind.CosignTag, r.Kind));
        Assert.Equal([ReferrerTags.ForCosign(image.ManifestDigest, ".sig"), ReferrerTags.ForCosign(image.ManifestDigest, ".sbom")], all.Select(r => r.Tag));
        Assert.Equal("application/vnd.dev.cosign.artifact.sbom.v1+json", all[1].Descriptor.ArtifactType);
        Assert.Equal([signature.Digest], signatures.Select(r => r.Descriptor.Digest));
        Assert.Empty(withoutCosign);
    }

    private async Task<Manifest> ArtifactAsync(string repository, string? artifactType, Descriptor? subject, string content, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var layer = Descriptor.FromContent("application/vnd.example.payload", bytes);
        await TestBlobs.PushAsync(registry, repository, layer, bytes);
        var manifest = await TestBlobs.EmptyImageAsync(registry, repository, artifactType, subject is null ? null : subject with { ArtifactType = null, Annotations = null, Platform = null }, [layer]);
        return annotations is null ? manifest : Manifest.Create(manifest.Image! with { Annotations = annotations });
    }

    public void Dispose() => _log.Dispose();
}
