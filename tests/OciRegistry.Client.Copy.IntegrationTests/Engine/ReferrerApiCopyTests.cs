using OciRegistry.Client.Copy.IntegrationTests.Support;
using OciRegistry.Client.Http;
using OciRegistry.Client.Referrers;
using OciRegistry.Client.TestSupport.Images;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Referrers;
using OciRegistry.Client.TestSupport.Registry;
using Xunit.Abstractions;

namespace OciRegistry.Client.Copy.IntegrationTests.Engine;

// The source is Distribution 2.8 (referrers in the sha256-HEX tag index); the destination has the referrers API
// (in process), so it keeps the list itself and no fallback tag is written there.
public sealed class ReferrerApiCopyTests : IClassFixture<RegistryFixture>, IDisposable
{
    private const string Target = "team/app";

    private readonly RegistryFixture _source;
    private readonly ProcessLogScope _sourceLog;

    public ReferrerApiCopyTests(RegistryFixture source, ITestOutputHelper output)
    {
        _source = source;
        _sourceLog = source.CaptureLog(output);
    }

    [Fact]
    public async Task Referrers_copied_to_a_registry_with_the_api_are_listed_by_it_and_no_fallback_tag_is_written()
    {
        await using var api = await ReferrersApiRegistry.StartAsync(pageSize: 2);
        using var harness = new CopyHarness([_source.Host, api.Host], TimeSpan.FromMilliseconds(100));
        var repository = _source.NewRepository("to-api");
        var image = await TestImages.Locate().PushAsync(_source, repository, "v1");
        var source = harness.Source(_source, repository);
        var attached = await Attachments.AttachAllAsync(harness.Destination(_source, repository), await source.ResolveAsync("v1"));
        var destination = harness.Client.GetRepository(ImageReference.Parse($"{api.Host}/{Target}"), RepositoryAccess.PullPush);

        var result = await harness.Copier.CopyAsync(source, "v1", destination, "v1", new CopyOptions { CopyReferrers = true });

        Assert.All(result.Referrers, r => Assert.True(r.Copied, r.NotCopiedReason));
        var listed = await destination.ListReferrersAsync(image.ManifestDigest).ToListAsync();
        Assert.Equal(
            new[] { attached.Sbom.Digest.ToString(), attached.Provenance.Digest.ToString() }.Order(StringComparer.Ordinal),
            listed.Select(d => d.Digest.ToString()).Order(StringComparer.Ordinal));
        Assert.Single(await destination.ListReferrersAsync(attached.Sbom.Digest).ToListAsync());
        Assert.False(api.HasManifest(Target, ReferrerTags.ForSubject(image.ManifestDigest)));
        Assert.DoesNotContain(api.Received, r => r.PathAndQuery == $"/v2/{Target}/manifests/{ReferrerTags.ForSubject(image.ManifestDigest)}");
        Assert.True(api.HasManifest(Target, ReferrerTags.ForCosign(image.ManifestDigest, ".sig")));
    }

    public void Dispose() => _sourceLog.Dispose();
}
