using System.IO.Pipelines;
using System.Text;
using OciRegistry.Client.Http;
using OciRegistry.Client.Models;
using OciRegistry.Client.Sync.IntegrationTests.Support;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using Xunit.Abstractions;

namespace OciRegistry.Client.Sync.IntegrationTests.Sync;

/// <summary>
/// Sync with referrers between two Distribution registries (no referrers API: the client keeps the sha256-HEX index on
/// both sides): an image's SBOM and signature travel with it, a referrer added later to an unchanged image is copied
/// on the next run, and an unchanged set writes nothing.
/// </summary>
public sealed class ReferrerSyncTests : IClassFixture<RegistryFixture>, IClassFixture<DestinationRegistry>, IDisposable
{
    private const string SbomType = "application/spdx+json";
    private const string SignatureType = "application/vnd.dev.sigstore.bundle.v0.3+json";
    private const string ProvenanceType = "application/vnd.in-toto+json";

    private readonly RegistryFixture _source;
    private readonly DestinationRegistry _destination;
    private readonly SyncHarness _harness;
    private readonly ProcessLogScope _sourceLog;
    private readonly ProcessLogScope _destinationLog;

    public ReferrerSyncTests(RegistryFixture source, DestinationRegistry destination, ITestOutputHelper output)
    {
        _source = source;
        _destination = destination;
        _harness = new SyncHarness(source, destination);
        _sourceLog = source.CaptureLog(output);
        _destinationLog = destination.CaptureLog(output);
    }

    [Fact]
    public async Task Sync_with_referrers_copies_new_referrers_of_an_unchanged_image_and_nothing_when_none_changed()
    {
        var repository = _source.NewRepository("sync/referrers");
        var image = (await _harness.PushImagesAsync(_source, repository, ["v1"]))["v1"];
        var sbom = await PushReferrerAsync(repository, image, SbomType, "{\"spdxVersion\":\"SPDX-2.3\"}");
        var signature = await PushReferrerAsync(repository, image, SignatureType, "{\"signature\":\"c2lnbmF0dXJl\"}");
        var prefix = _destination.NewRepository("mirror-referrers");
        var target = $"{prefix}/{repository[(repository.LastIndexOf('/') + 1)..]}";
        var source = SyncSource.Registry($"{_source.Host}/{repository}");
        var destination = SyncDestination.Registry($"{_destination.Host}/{prefix}");
        var options = new SyncOptions();
        options.Copy.CopyReferrers = true;

        var first = await _harness.Syncer.SyncAsync(source, destination, options);

        Assert.Equal(SyncImageStatus.Copied, ImageV1(first).Status);
        Assert.Equal(Sorted(sbom, signature), await DestinationReferrersAsync(target, image));

        var provenance = await PushReferrerAsync(repository, image, ProvenanceType, "{\"_type\":\"https://in-toto.io/Statement/v1\"}");
        var second = await _harness.Syncer.SyncAsync(source, destination, options);

        Assert.Equal(SyncImageStatus.Copied, ImageV1(second).Status);
        Assert.Equal(Sorted(sbom, signature, provenance), await DestinationReferrersAsync(target, image));

        _harness.Recorder.Clear();
        var third = await _harness.Syncer.SyncAsync(source, destination, options);

        Assert.All(third.Images, i => Assert.Equal(SyncImageStatus.SkippedUnchanged, i.Status));
        Assert.DoesNotContain(_harness.Recorder.Requests, r => r.Method is "PUT" or "POST" or "PATCH");
    }

    private static SyncImageResult ImageV1(SyncResult result) =>
        result.Images.Single(i => i.Destination.EndsWith(":v1", StringComparison.Ordinal));

    private async Task<List<string>> DestinationReferrersAsync(string repository, Digest image) =>
        [.. (await _harness.Repository(_destination, repository).ListReferrersAsync(image).ToListAsync()).Select(d => d.Digest.ToString()).Order(StringComparer.Ordinal)];

    private static List<string> Sorted(params Digest[] digests) => [.. digests.Select(d => d.ToString()).Order(StringComparer.Ordinal)];

    private async Task<Digest> PushReferrerAsync(string repository, Digest subject, string artifactType, string content)
    {
        var target = _harness.Repository(_source, repository);
        var subjectManifest = await target.FetchManifestAsync(subject.ToString());
        var config = await PushBlobAsync(target, "{}"u8.ToArray(), "application/vnd.oci.empty.v1+json");
        var layer = await PushBlobAsync(target, Encoding.UTF8.GetBytes(content), artifactType);
        var referrer = Manifest.Create(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            ArtifactType = artifactType,
            Config = config,
            Layers = [layer],
            Subject = subjectManifest.Descriptor,
        });
        await target.PushManifestAsync(referrer);
        return referrer.Digest;
    }

    private static async Task<Descriptor> PushBlobAsync(RegistryRepository repository, byte[] content, string mediaType)
    {
        var descriptor = Descriptor.FromContent(mediaType, content);
        using var stream = new MemoryStream(content);
        await repository.PushBlobAsync(descriptor, PipeReader.Create(stream));
        return descriptor;
    }

    public void Dispose()
    {
        _sourceLog.Dispose();
        _destinationLog.Dispose();
        _harness.Dispose();
    }
}
