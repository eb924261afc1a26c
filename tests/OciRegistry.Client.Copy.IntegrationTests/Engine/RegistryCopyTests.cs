using OciRegistry.Client.TestSupport.Images;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using OciRegistry.Client.TestSupport.Tools;
using Xunit.Abstractions;
using OciRegistry.Client.Copy.IntegrationTests.Support;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.IntegrationTests.Engine;

public sealed class RegistryCopyTests : IClassFixture<RegistryFixture>, IClassFixture<DestinationRegistry>, IDisposable
{
    private readonly RegistryFixture _source;
    private readonly DestinationRegistry _destination;
    private readonly ProcessLogScope _sourceLog;
    private readonly ProcessLogScope _destinationLog;
    private readonly CopyHarness _harness;

    public RegistryCopyTests(RegistryFixture source, DestinationRegistry destination, ITestOutputHelper output)
    {
        _source = source;
        _destination = destination;
        _sourceLog = source.CaptureLog(output);
        _destinationLog = destination.CaptureLog(output);
        _harness = new CopyHarness(source, destination);
    }

    [Fact]
    public async Task An_image_pushed_by_skopeo_is_copied_to_another_registry_byte_for_byte()
    {
        var repository = _source.NewRepository("copy-src");
        var image = await TestImages.Locate().PushAsync(_source, repository, "v1");
        var target = _destination.NewRepository("copy-dst");

        var result = await _harness.Copier.CopyAsync(
            _harness.Source(_source, repository), "v1", _harness.Destination(_destination, target), "v1");

        Assert.Equal(image.ManifestDigest, result.Manifest.Digest);
        Assert.False(result.DigestChanged);
        Assert.NotEmpty(result.Blobs);
        Assert.All(result.Blobs, b => Assert.Equal(BlobCopyStatus.Transferred, b.Status));
        Assert.Equal(result.Blobs.Sum(b => b.Blob.Size), result.BytesTransferred);
        var skopeo = Skopeo.Locate();
        var copied = await skopeo.InspectRawAsync(_destination.DockerReference(target, "v1"), _destination.GetSkopeoAccess());
        var original = await skopeo.InspectRawAsync(_source.DockerReference(repository, "v1"), _source.GetSkopeoAccess());
        Assert.Equal(original.ToArray(), copied.ToArray());

        // skopeo reads every blob back (and verifies it) when it copies the image out of the destination.
        var digest = await skopeo.CopyAsync(
            _destination.DockerReference(target, "v1"),
            "dir:" + _destination.CreateScratchDirectory("verify"),
            sourceAccess: _destination.GetSkopeoAccess());
        Assert.Equal(image.ManifestDigest, digest);
    }

    [Fact]
    public async Task Within_one_registry_blobs_are_mounted_and_no_bytes_are_transferred()
    {
        var repository = _source.NewRepository("mount-src");
        var image = await TestImages.Locate().PushAsync(_source, repository, "v1");
        var target = _source.NewRepository("mount-dst");

        var result = await _harness.Copier.CopyAsync(
            _harness.Source(_source, repository), "v1", _harness.Destination(_source, target), "v1");

        Assert.All(result.Blobs, b => Assert.Equal(BlobCopyStatus.Mounted, b.Status));
        Assert.Equal(0, result.BytesTransferred);
        var copied = await _harness.Source(_source, target).FetchManifestAsync("v1");
        Assert.Equal(image.ManifestDigest, copied.Digest);
    }

    [Fact]
    public async Task A_second_copy_finds_every_blob_present_and_transfers_nothing()
    {
        var repository = _source.NewRepository("skip-src");
        await TestImages.Locate().PushAsync(_source, repository, "v1");
        var target = _destination.NewRepository("skip-dst");
        var source = _harness.Source(_source, repository);
        var destination = _harness.Destination(_destination, target);
        await _harness.Copier.CopyAsync(source, "v1", destination, "v1");

        var again = await _harness.Copier.CopyAsync(source, "v1", destination, "v2");

        Assert.All(again.Blobs, b => Assert.Equal(BlobCopyStatus.Skipped, b.Status));
        Assert.Equal(0, again.BytesTransferred);
        Assert.Equal(again.Manifest.Digest, (await _harness.Source(_destination, target).FetchManifestAsync("v2")).Digest);
    }

    [Fact]
    public async Task A_multi_arch_index_is_copied_whole_with_every_digest_preserved()
    {
        var repository = _source.NewRepository("index-src");
        var (index, images) = await _harness.PushIndexAsync(_source, repository, "multi", ["linux/amd64", "linux/arm64", "linux/arm/v7"]);
        var target = _destination.NewRepository("index-all");

        var result = await _harness.Copier.CopyAsync(
            _harness.Source(_source, repository), "multi", _harness.Destination(_destination, target), "multi",
            new CopyOptions { MultiArch = MultiArchMode.All });

        Assert.Equal(index.Digest, result.Manifest.Digest);
        Assert.Single(result.Blobs, b => b.Blob.Size == 40_000);
        var raw = await Skopeo.Locate().InspectRawAsync(_destination.DockerReference(target, "multi"), _destination.GetSkopeoAccess());
        Assert.Equal(index.Content.ToArray(), raw.ToArray());
        var copied = _harness.Source(_destination, target);
        foreach (var image in images)
        {
            Assert.Equal(image.Digest, (await copied.FetchManifestAsync(image.Digest.ToString())).Digest);
        }
    }

    [Fact]
    public async Task System_mode_copies_the_one_instance_of_the_platform_asked_for()
    {
        var repository = _source.NewRepository("index-src");
        var (_, images) = await _harness.PushIndexAsync(_source, repository, "multi", ["linux/amd64", "linux/arm64"]);
        var target = _destination.NewRepository("index-system");

        var result = await _harness.Copier.CopyAsync(
            _harness.Source(_source, repository), "multi", _harness.Destination(_destination, target), "one",
            new CopyOptions { SystemPlatform = Platform.Parse("linux/arm64") });

        Assert.Equal(images[1].Digest, result.Manifest.Digest);
        var copied = await _harness.Source(_destination, target).FetchManifestAsync("one");
        Assert.Equal(ManifestKind.Image, copied.Kind);
        Assert.Equal(images[1].Digest, copied.Digest);
        await Assert.ThrowsAsync<ManifestNotFoundException>(() => _harness.Source(_destination, target).FetchManifestAsync(images[0].Digest.ToString()));
    }

    [Fact]
    public async Task A_platform_subset_writes_a_new_index_that_the_registry_accepts()
    {
        var repository = _source.NewRepository("index-src");
        var (index, images) = await _harness.PushIndexAsync(_source, repository, "multi", ["linux/amd64", "linux/arm64", "linux/arm/v7"]);
        var target = _destination.NewRepository("index-subset");
        var options = new CopyOptions { MultiArch = MultiArchMode.All };
        options.Platforms.Add(Platform.Parse("linux/arm64"));
        options.Platforms.Add(Platform.Parse("linux/arm/v7"));

        var result = await _harness.Copier.CopyAsync(
            _harness.Source(_source, repository), "multi", _harness.Destination(_destination, target), "multi", options);

        Assert.True(result.DigestChanged);
        var copied = await _harness.Source(_destination, target).FetchManifestAsync("multi");
        Assert.Equal(result.Manifest.Digest, copied.Digest);
        Assert.NotEqual(index.Digest, copied.Digest);
        Assert.Equal([images[1].Digest, images[2].Digest], copied.Index!.Manifests.Select(m => m.Digest));
    }

    [Fact]
    public async Task A_platform_subset_keeps_the_attestation_manifests_of_the_kept_images()
    {
        var repository = _source.NewRepository("buildkit-src");
        var (_, manifests) = await _harness.PushIndexAsync(_source, repository, "multi", ["linux/amd64", "linux/arm64"], attestations: true);
        var target = _destination.NewRepository("buildkit-subset");
        var options = new CopyOptions { MultiArch = MultiArchMode.All };
        options.Platforms.Add(Platform.Parse("linux/arm64"));

        await _harness.Copier.CopyAsync(
            _harness.Source(_source, repository), "multi", _harness.Destination(_destination, target), "multi", options);

        var copied = await _harness.Source(_destination, target).FetchManifestAsync("multi");
        Assert.Equal([manifests[1].Digest, manifests[3].Digest], copied.Index!.Manifests.Select(m => m.Digest));
        var attestation = await _harness.Source(_destination, target).FetchManifestAsync(manifests[3].Digest.ToString());
        Assert.Equal(manifests[3].Content.ToArray(), attestation.Content.ToArray());
        await Assert.ThrowsAsync<ManifestNotFoundException>(() => _harness.Source(_destination, target).FetchManifestAsync(manifests[2].Digest.ToString()));
    }

    [Fact]
    public async Task Index_only_is_refused_by_the_registry_until_the_instances_are_there()
    {
        var repository = _source.NewRepository("index-src");
        var (index, _) = await _harness.PushIndexAsync(_source, repository, "multi", ["linux/amd64", "linux/arm64"]);
        var target = _destination.NewRepository("index-only");
        var source = _harness.Source(_source, repository);
        var destination = _harness.Destination(_destination, target);
        var indexOnly = new CopyOptions { MultiArch = MultiArchMode.IndexOnly };

        await Assert.ThrowsAnyAsync<OciRegistryException>(() => _harness.Copier.CopyAsync(source, "multi", destination, "only", indexOnly));

        await _harness.Copier.CopyAsync(source, "multi", destination, null, new CopyOptions { MultiArch = MultiArchMode.All });
        var result = await _harness.Copier.CopyAsync(source, "multi", destination, "only", indexOnly);
        Assert.Equal(index.Digest, result.Manifest.Digest);
        Assert.Empty(result.Blobs);
        Assert.Equal(index.Digest, (await _harness.Source(_destination, target).FetchManifestAsync("only")).Digest);
    }

    [Fact]
    public async Task An_image_converted_to_docker_schema_2_is_read_by_skopeo()
    {
        var repository = _source.NewRepository("format-src");
        var image = await TestImages.Locate().PushAsync(_source, repository, "v1");
        var target = _destination.NewRepository("format-dst");

        var result = await _harness.Copier.CopyAsync(
            _harness.Source(_source, repository), "v1", _harness.Destination(_destination, target), "v1",
            new CopyOptions { Format = ManifestFormat.DockerV2S2 });

        Assert.NotEqual(image.ManifestDigest, result.Manifest.Digest);
        var raw = await Skopeo.Locate().InspectRawAsync(_destination.DockerReference(target, "v1"), _destination.GetSkopeoAccess());
        var written = Manifest.Parse(raw);
        Assert.Equal(MediaTypes.DockerManifest, written.MediaType);
        Assert.Equal(result.Manifest.Digest, written.Digest);
        var digest = await Skopeo.Locate().CopyAsync(
            _destination.DockerReference(target, "v1"),
            "dir:" + _destination.CreateScratchDirectory("verify"),
            sourceAccess: _destination.GetSkopeoAccess());
        Assert.Equal(result.Manifest.Digest, digest);
    }

    [Fact]
    public async Task An_image_converted_to_docker_schema_2_has_the_digest_skopeo_converts_it_to()
    {
        var repository = _source.NewRepository("format-src");
        await TestImages.Locate().PushAsync(_source, repository, "v1");
        var ours = _destination.NewRepository("format-ours");
        var theirs = _destination.NewRepository("format-skopeo");

        var result = await _harness.Copier.CopyAsync(
            _harness.Source(_source, repository), "v1", _harness.Destination(_destination, ours), "v1",
            new CopyOptions { Format = ManifestFormat.DockerV2S2 });
        var skopeo = await Skopeo.Locate().CopyAsync(
            _source.DockerReference(repository, "v1"),
            _destination.DockerReference(theirs, "v1"),
            _source.GetSkopeoAccess(),
            _destination.GetSkopeoAccess(),
            CancellationToken.None,
            "--format", "v2s2");

        Assert.Equal(skopeo, result.Manifest.Digest);
    }

    [Fact]
    public async Task An_index_converted_to_a_docker_manifest_list_has_the_digest_skopeo_converts_it_to()
    {
        // An index of real images (gzip layers that are gzip): skopeo recompresses a layer labelled gzip that is not.
        var repository = _source.NewRepository("format-src");
        await TestImages.Locate().PushAsync(_source, repository, "v1");
        var source = _harness.Destination(_source, repository);
        var image = await source.FetchManifestAsync("v1");
        var index = Manifest.Create(new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests =
            [
                image.Descriptor with { Platform = Platform.Parse("linux/amd64") },
                image.Descriptor with { Platform = new Platform { Architecture = "arm", OS = "linux", Variant = "v7", OSFeatures = ["f<1>"] } },
            ],
        });
        await source.PushManifestAsync(index, "multi");
        var ours = _destination.NewRepository("format-ours");
        var theirs = _destination.NewRepository("format-skopeo");

        var result = await _harness.Copier.CopyAsync(
            _harness.Source(_source, repository), "multi", _harness.Destination(_destination, ours), "multi",
            new CopyOptions { Format = ManifestFormat.DockerV2S2, MultiArch = MultiArchMode.All });
        var skopeo = await Skopeo.Locate().CopyAsync(
            _source.DockerReference(repository, "multi"),
            _destination.DockerReference(theirs, "multi"),
            _source.GetSkopeoAccess(),
            _destination.GetSkopeoAccess(),
            CancellationToken.None,
            "--all", "--format", "v2s2");

        Assert.Equal(MediaTypes.DockerManifestList, result.Manifest.MediaType);
        Assert.Equal(skopeo, result.Manifest.Digest);
    }

    public void Dispose()
    {
        _harness.Dispose();
        _sourceLog.Dispose();
        _destinationLog.Dispose();
    }
}
