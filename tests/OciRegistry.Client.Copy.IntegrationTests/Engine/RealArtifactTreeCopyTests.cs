using OciRegistry.Client.Copy.IntegrationTests.Support;
using OciRegistry.Client.Http;
using OciRegistry.Client.Referrers;
using OciRegistry.Client.TestSupport.Artifacts;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Referrers;
using OciRegistry.Client.TestSupport.Registry;
using Xunit.Abstractions;

namespace OciRegistry.Client.Copy.IntegrationTests.Engine;

// A BuildKit index with its attestation manifests, and as OCI 1.1 referrers a CycloneDX SBOM, a Helm chart with its
// provenance file below it, and DSSE-enveloped provenance of the arm64 image (RealArtifacts), kept by a registry with
// the referrers API. A copy with referrers carries the whole tree: every node's digest, media type, artifact type and
// annotations, at every depth, for the index and each manifest in it. Blobs above 1 KiB go up in a streamed PATCH,
// the engine's upload for large blobs.
public sealed class RealArtifactTreeCopyTests : IClassFixture<RegistryFixture>, IDisposable
{
    private const string Repository = "team/app";

    private readonly RegistryFixture _distribution;
    private readonly ProcessLogScope _log;

    public RealArtifactTreeCopyTests(RegistryFixture distribution, ITestOutputHelper output)
    {
        _distribution = distribution;
        _log = distribution.CaptureLog(output);
    }

    [Fact]
    public async Task From_a_registry_with_the_api_to_another_the_whole_referrer_tree_arrives_and_no_fallback_tag_is_written()
    {
        await using var source = await ReferrersApiRegistry.StartAsync(pageSize: 1);
        await using var target = await ReferrersApiRegistry.StartAsync(pageSize: 2);
        var evidence = await PushAsync(source.BaseAddress, Repository, fallbackIndexes: false);
        using var harness = new CopyHarness([source.Host, target.Host], TimeSpan.FromMilliseconds(100), o => o.ChunkedUploadThreshold = 1024);
        var from = harness.Client.GetRepository(ImageReference.Parse($"{source.Host}/{Repository}"), RepositoryAccess.Pull);
        var to = harness.Client.GetRepository(ImageReference.Parse($"{target.Host}/{Repository}"), RepositoryAccess.PullPush);

        var result = await harness.Copier.CopyAsync(from, "v1", to, "v1", new CopyOptions { CopyReferrers = true, MultiArch = MultiArchMode.All });

        Assert.All(result.Referrers, r => Assert.True(r.Copied, r.NotCopiedReason));
        var expected = await ReferrerTrees.DescribeAsync(from, "v1");
        Assert.Equal(evidence.Referrers.Count, ReferrerTrees.CountReferrers(expected));
        Assert.Equal(expected, await ReferrerTrees.DescribeAsync(to, "v1"));
        foreach (var referrer in evidence.Referrers)
        {
            Assert.Equal(referrer.Content, (await to.FetchManifestAsync(referrer.Digest)).Content.ToArray());
        }

        Assert.DoesNotContain(target.Received, r => r.Method == "PUT" && r.PathAndQuery.Contains("/manifests/sha256-", StringComparison.Ordinal));
        Assert.All([evidence.Index, evidence.Chart, evidence.Arm64Image], s => Assert.False(target.HasManifest(Repository, "sha256-" + s.Digest["sha256:".Length..])));
        Assert.Contains(target.Received, r => r.Method == "PATCH");
        Assert.Equal(0, target.OpenUploads);
    }

    [Fact]
    public async Task From_a_registry_with_the_api_to_distribution_the_whole_referrer_tree_arrives_through_fallback_tags()
    {
        await using var source = await ReferrersApiRegistry.StartAsync(pageSize: 3);
        await PushAsync(source.BaseAddress, Repository, fallbackIndexes: false);
        var repository = _distribution.NewRepository("real-tree");
        using var harness = new CopyHarness([source.Host, _distribution.Host], TimeSpan.FromMilliseconds(100), o => o.ChunkedUploadThreshold = 1024);
        var from = harness.Client.GetRepository(ImageReference.Parse($"{source.Host}/{Repository}"), RepositoryAccess.Pull);
        var to = harness.Destination(_distribution, repository);

        var result = await harness.Copier.CopyAsync(from, "v1", to, "v1", new CopyOptions { CopyReferrers = true, MultiArch = MultiArchMode.All });

        Assert.All(result.Referrers, r => Assert.True(r.Copied, r.NotCopiedReason));
        Assert.Equal(await ReferrerTrees.DescribeAsync(from, "v1"), await ReferrerTrees.DescribeAsync(to, "v1"));
        var tags = await to.ListTagsAsync().ToListAsync();
        var index = await to.ResolveAsync("v1");
        Assert.Contains(ReferrerTags.ForSubject(index.Digest), tags);
        Assert.Contains(ReferrerTags.ForSubject(Digest.Parse(RealArtifacts.Arm64Image)), tags);
    }

    public void Dispose() => _log.Dispose();

    private static async Task<Evidence> PushAsync(Uri registry, string repository, bool fallbackIndexes)
    {
        using var http = new HttpClient { BaseAddress = registry };
        var index = await RealArtifacts.PushBuildKitIndexAsync(http, repository, "v1");
        return await RealArtifacts.AttachEvidenceAsync(http, repository, index, fallbackIndexes);
    }
}
