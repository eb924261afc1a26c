using OciRegistry.Client.Copy;
using OciRegistry.Client.Models;
using OciRegistry.Client.Sync.IntegrationTests.Support;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using Xunit.Abstractions;

namespace OciRegistry.Client.Sync.IntegrationTests.Sync;

/// <summary>
/// Images a sync writes with other bytes than the source's (a platform subset, a format conversion) between two real
/// registries: a re-sync reads what the destination manifest records and copies nothing while the source and the
/// selection are the same, and copies again when either changes.
/// </summary>
public sealed class RewrittenImageSyncTests : IClassFixture<RegistryFixture>, IClassFixture<DestinationRegistry>, IDisposable
{
    private static readonly string[] ThreePlatforms = ["linux/amd64", "linux/arm64", "linux/arm/v7"];

    private readonly RegistryFixture _source;
    private readonly DestinationRegistry _destination;
    private readonly SyncHarness _harness;
    private readonly ProcessLogScope _sourceLog;
    private readonly ProcessLogScope _destinationLog;

    public RewrittenImageSyncTests(RegistryFixture source, DestinationRegistry destination, ITestOutputHelper output)
    {
        _source = source;
        _destination = destination;
        _harness = new SyncHarness(source, destination);
        _sourceLog = source.CaptureLog(output);
        _destinationLog = destination.CaptureLog(output);
    }

    [Fact]
    public async Task A_platform_subset_synced_again_is_unchanged_after_one_head_and_one_get()
    {
        var repository = _source.NewRepository("rewritten/subset");
        var index = await _harness.PushIndexAsync(_source, repository, "multi", ThreePlatforms);
        var (source, destination, target) = Sites(repository, "subset");
        var first = await _harness.Syncer.SyncAsync(source, destination, Subset("linux/amd64", "linux/arm64"));
        var copied = Assert.Single(first.Images);
        Assert.Equal(SyncImageStatus.Copied, copied.Status);
        Assert.NotEqual(index, copied.DestinationDigest);
        var written = await _harness.ManifestAsync(_destination, target, "multi");
        Assert.Equal(index.ToString(), written.Index!.Annotations![CopyAnnotations.SourceDigest]);
        Assert.Equal("platforms=linux/amd64,linux/arm64", written.Index.Annotations[CopyAnnotations.SourceSelection]);
        _harness.Recorder.Clear();

        // The platforms in another order are the same selection.
        var second = await _harness.Syncer.SyncAsync(source, destination, Subset("linux/arm64", "linux/amd64"));

        var unchanged = Assert.Single(second.Images);
        Assert.Equal(SyncImageStatus.SkippedUnchanged, unchanged.Status);
        Assert.Equal(index, unchanged.SourceDigest);
        Assert.Equal(written.Digest, unchanged.DestinationDigest);
        var recorder = _harness.Recorder;
        // The source's digest by HEAD, the destination's manifest by one GET (its annotations), the listing, and nothing else.
        Assert.Equal(1, recorder.Count(_source.Host, "HEAD", "/manifests/multi"));
        Assert.Equal(1, recorder.Count(_destination.Host, "GET", "/manifests/multi"));
        Assert.Equal(0, recorder.Count(_destination.Host, "HEAD", "/manifests/"));
        Assert.Equal(0, recorder.Count(_source.Host, "GET", "/manifests/"));
        Assert.Equal(0, recorder.Count(_source.Host, "GET", "/blobs/"));
        Assert.Equal(0, recorder.Count(_destination.Host, "HEAD", "/blobs/"));
        Assert.DoesNotContain(recorder.Requests, r => r.Method is "PUT" or "POST" or "PATCH" or "DELETE");
        Assert.Equal(written.Digest, await _harness.DigestAsync(_destination, target, "multi"));
    }

    [Fact]
    public async Task A_platform_subset_is_copied_again_when_the_source_changes()
    {
        var repository = _source.NewRepository("rewritten/changed");
        await _harness.PushIndexAsync(_source, repository, "multi", ThreePlatforms, seed: 1);
        var (source, destination, target) = Sites(repository, "changed");
        var options = Subset("linux/amd64");
        var first = Assert.Single((await _harness.Syncer.SyncAsync(source, destination, options)).Images);
        var changed = await _harness.PushIndexAsync(_source, repository, "multi", ThreePlatforms, seed: 2);

        var second = Assert.Single((await _harness.Syncer.SyncAsync(source, destination, options)).Images);

        Assert.Equal(SyncImageStatus.Copied, second.Status);
        Assert.Equal(changed, second.SourceDigest);
        Assert.NotEqual(first.DestinationDigest, second.DestinationDigest);
        var written = await _harness.ManifestAsync(_destination, target, "multi");
        Assert.Equal(second.DestinationDigest, written.Digest);
        Assert.Equal(changed.ToString(), written.Index!.Annotations![CopyAnnotations.SourceDigest]);
        Assert.Equal(SyncImageStatus.SkippedUnchanged, Assert.Single((await _harness.Syncer.SyncAsync(source, destination, options)).Images).Status);
    }

    [Fact]
    public async Task Another_platform_selection_is_copied_again()
    {
        var repository = _source.NewRepository("rewritten/selection");
        var index = await _harness.PushIndexAsync(_source, repository, "multi", ThreePlatforms);
        var (source, destination, target) = Sites(repository, "selection");
        Assert.Equal(1, (await _harness.Syncer.SyncAsync(source, destination, Subset("linux/amd64"))).Copied);

        var wider = Assert.Single((await _harness.Syncer.SyncAsync(source, destination, Subset("linux/amd64", "linux/arm/v7"))).Images);

        Assert.Equal(SyncImageStatus.Copied, wider.Status);
        var written = await _harness.ManifestAsync(_destination, target, "multi");
        Assert.Equal(2, written.Index!.Manifests.Count);
        Assert.Equal("platforms=linux/amd64,linux/arm/v7", written.Index.Annotations![CopyAnnotations.SourceSelection]);

        // The whole index, unconverted, is the source's bytes: copied, and without annotations.
        var whole = new SyncOptions { Copy = { MultiArch = MultiArchMode.All } };
        var all = Assert.Single((await _harness.Syncer.SyncAsync(source, destination, whole)).Images);
        Assert.Equal(SyncImageStatus.Copied, all.Status);
        Assert.Equal(index, all.DestinationDigest);
        Assert.Null((await _harness.ManifestAsync(_destination, target, "multi")).Index!.Annotations);
        Assert.Equal(SyncImageStatus.SkippedUnchanged, Assert.Single((await _harness.Syncer.SyncAsync(source, destination, whole)).Images).Status);
    }

    [Fact]
    public async Task A_docker_image_converted_to_oci_is_unchanged_on_the_next_sync_and_copied_for_another_format()
    {
        var repository = _source.NewRepository("rewritten/docker");
        var image = await _harness.PushImageAsync(_source, repository, "v1", docker: true);
        var (source, destination, target) = Sites(repository, "docker");
        var oci = new SyncOptions { Copy = { Format = ManifestFormat.Oci } };
        var first = Assert.Single((await _harness.Syncer.SyncAsync(source, destination, oci)).Images);
        Assert.Equal(SyncImageStatus.Copied, first.Status);
        var written = await _harness.ManifestAsync(_destination, target, "v1");
        Assert.Equal(MediaTypes.OciManifest, written.MediaType);
        Assert.Equal(image.ToString(), written.Image!.Annotations![CopyAnnotations.SourceDigest]);
        Assert.Equal("format=oci", written.Image.Annotations[CopyAnnotations.SourceSelection]);
        _harness.Recorder.Clear();

        var second = Assert.Single((await _harness.Syncer.SyncAsync(source, destination, oci)).Images);

        Assert.Equal(SyncImageStatus.SkippedUnchanged, second.Status);
        Assert.Equal(written.Digest, second.DestinationDigest);
        Assert.DoesNotContain(_harness.Recorder.Requests, r => r.Method is "PUT" or "POST" or "PATCH");

        // Without a format the source's own bytes are what a copy writes: the converted image is replaced.
        var plain = Assert.Single((await _harness.Syncer.SyncAsync(source, destination)).Images);
        Assert.Equal(SyncImageStatus.Copied, plain.Status);
        Assert.Equal(image, plain.DestinationDigest);
    }

    [Fact]
    public async Task An_image_with_recompressed_layers_is_unchanged_on_the_next_sync_and_copied_for_another_compression()
    {
        var repository = _source.NewRepository("rewritten/zstd");
        var image = await _harness.PushImageAsync(_source, repository, "v1", docker: false);
        var (source, destination, target) = Sites(repository, "zstd");
        var zstd = new SyncOptions { Copy = { LayerCompression = LayerCompression.Compress, CompressionAlgorithm = CompressionAlgorithm.Zstd } };
        Assert.Equal(1, (await _harness.Syncer.SyncAsync(source, destination, zstd)).Copied);
        var written = await _harness.ManifestAsync(_destination, target, "v1");
        Assert.Equal(MediaTypes.OciLayerZstd, Assert.Single(written.Image!.Layers).MediaType);
        Assert.Equal(image.ToString(), written.Image.Annotations![CopyAnnotations.SourceDigest]);
        _harness.Recorder.Clear();

        var second = Assert.Single((await _harness.Syncer.SyncAsync(source, destination, zstd)).Images);

        Assert.Equal(SyncImageStatus.SkippedUnchanged, second.Status);
        Assert.Equal(written.Digest, second.DestinationDigest);
        Assert.DoesNotContain(_harness.Recorder.Requests, r => r.Method is "PUT" or "POST" or "PATCH");

        var gzip = new SyncOptions { Copy = { LayerCompression = LayerCompression.Compress, CompressionAlgorithm = CompressionAlgorithm.Gzip } };
        var other = Assert.Single((await _harness.Syncer.SyncAsync(source, destination, gzip)).Images);
        Assert.Equal(SyncImageStatus.Copied, other.Status);
    }

    [Fact]
    public async Task An_image_converted_to_docker_schema_2_records_nothing_and_is_copied_on_every_sync()
    {
        var repository = _source.NewRepository("rewritten/v2s2");
        await _harness.PushImageAsync(_source, repository, "v1", docker: false);
        var (source, destination, _) = Sites(repository, "v2s2");
        var docker = new SyncOptions { Copy = { Format = ManifestFormat.DockerV2S2 } };
        Assert.Equal(1, (await _harness.Syncer.SyncAsync(source, destination, docker)).Copied);

        var again = Assert.Single((await _harness.Syncer.SyncAsync(source, destination, docker)).Images);

        // Docker schema 2 has no annotations to record the source in.
        Assert.Equal(SyncImageStatus.Copied, again.Status);
    }

    public void Dispose()
    {
        _harness.Dispose();
        _sourceLog.Dispose();
        _destinationLog.Dispose();
    }

    private static SyncOptions Subset(params string[] platforms)
    {
        var options = new SyncOptions { Copy = { MultiArch = MultiArchMode.All } };
        foreach (var platform in platforms)
        {
            options.Copy.Platforms.Add(Platform.Parse(platform));
        }

        return options;
    }

    private (SyncSource Source, SyncDestination Destination, string Target) Sites(string repository, string name)
    {
        var prefix = _destination.NewRepository(name);
        return (
            SyncSource.Registry($"{_source.Host}/{repository}"),
            SyncDestination.Registry($"{_destination.Host}/{prefix}"),
            $"{prefix}/{repository[(repository.LastIndexOf('/') + 1)..]}");
    }
}
