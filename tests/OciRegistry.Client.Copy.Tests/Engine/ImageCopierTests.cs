using OciRegistry.Client.Copy.Tests.Support;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Tests.Engine;

public sealed class ImageCopierTests
{
    private readonly ImageCopier _copier = Copiers.Create();

    [Fact]
    public async Task Copies_an_image_byte_for_byte_under_the_tag()
    {
        var source = new InMemoryImageStore();
        var layers = Enumerable.Range(0, 3).Select(i => TestImage.AddLayer(source, 10_000 * (i + 1), i)).ToArray();
        var image = TestImage.AddImage(source, layers, tag: "v1");
        var destination = new InMemoryImageStore();

        var result = await _copier.CopyAsync(source, "v1", destination, "copied", Copiers.Options());

        Assert.Equal(image.Digest, result.SourceDigest);
        Assert.Equal(image.Digest, result.Manifest.Digest);
        Assert.False(result.DigestChanged);
        Assert.Equal(image.Content.ToArray(), destination.GetManifest("copied").Content.ToArray());
        Assert.All(result.Blobs, b => Assert.Equal(BlobCopyStatus.Transferred, b.Status));
        Assert.Equal(image.References.Select(r => r.Digest), result.Blobs.Select(b => b.Blob.Digest));
        Assert.Equal(image.References.Sum(r => r.Size), result.BytesTransferred);
        foreach (var reference in image.References)
        {
            Assert.Equal(source.GetBlob(reference.Digest), destination.GetBlob(reference.Digest));
        }
    }

    [Fact]
    public async Task A_second_copy_finds_every_blob_present_and_transfers_nothing()
    {
        var source = new InMemoryImageStore();
        TestImage.AddImage(source, [TestImage.AddLayer(source, 5000, 1)], tag: "v1");
        var destination = new InMemoryImageStore();
        await _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options());

        var again = await _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options());

        Assert.All(again.Blobs, b => Assert.Equal(BlobCopyStatus.Skipped, b.Status));
        Assert.Equal(0, again.BytesTransferred);
        Assert.Equal(2, destination.Operations.Count(o => o.Kind == StoreOperationKind.PushBlob));
    }

    [Fact]
    public async Task A_layer_shared_by_the_instances_of_an_index_is_transferred_once()
    {
        var source = new InMemoryImageStore();
        var shared = TestImage.AddLayer(source, 50_000, 7);
        var (index, images) = TestImage.AddIndex(source, ["linux/amd64", "linux/arm64", "linux/s390x"], shared, tag: "multi");
        var destination = new InMemoryImageStore();

        var result = await _copier.CopyAsync(source, "multi", destination, "multi", Copiers.Options(o => o.MultiArch = MultiArchMode.All));

        Assert.Equal(index.Digest, result.Manifest.Digest);
        Assert.Single(destination.Operations, o => o.Kind == StoreOperationKind.PushBlob && o.Subject == shared.Digest.ToString());
        Assert.Single(source.Operations, o => o.Kind == StoreOperationKind.FetchBlob && o.Subject == shared.Digest.ToString());
        Assert.Single(result.Blobs, b => b.Blob.Digest == shared.Digest);
        var distinct = images.SelectMany(i => i.References).Select(r => r.Digest).Distinct().Count();
        Assert.Equal(distinct, result.Blobs.Count);
        Assert.Equal(distinct, destination.Operations.Count(o => o.Kind == StoreOperationKind.PushBlob));
    }

    [Fact]
    public async Task Manifests_are_pushed_after_their_blobs_and_instances_before_the_index()
    {
        var source = new InMemoryImageStore();
        var shared = TestImage.AddLayer(source, 20_000, 3);
        var (index, images) = TestImage.AddIndex(source, ["linux/amd64", "linux/arm64"], shared, tag: "multi");
        var destination = new InMemoryImageStore();

        var result = await _copier.CopyAsync(source, "multi", destination, "multi", Copiers.Options(o => o.MultiArch = MultiArchMode.All));

        var operations = destination.Operations.ToList();
        int Position(StoreOperationKind kind, Digest digest) => operations.FindIndex(o => o.Kind == kind && o.Subject == digest.ToString());
        foreach (var image in images)
        {
            var pushed = Position(StoreOperationKind.PushManifest, image.Digest);
            Assert.True(pushed >= 0);
            Assert.All(image.References, r => Assert.InRange(Position(StoreOperationKind.PushBlob, r.Digest), 0, pushed - 1));
            Assert.True(pushed < Position(StoreOperationKind.PushManifest, index.Digest));
        }

        Assert.Equal([.. images.Select(i => i.Digest), index.Digest], result.Manifests.Select(m => m.Written.Digest));
        Assert.Equal("multi", operations.Single(o => o.Kind == StoreOperationKind.PushManifest && o.Subject == index.Digest.ToString()).Tag);
        Assert.All(operations.Where(o => o.Kind == StoreOperationKind.PushManifest && o.Subject != index.Digest.ToString()), o => Assert.Null(o.Tag));
    }

    [Fact]
    public async Task Blob_transfers_never_exceed_the_concurrency_bound()
    {
        var source = new InMemoryImageStore();
        var layers = Enumerable.Range(0, 12).Select(i => TestImage.AddLayer(source, 1000, 50 + i)).ToArray();
        TestImage.AddImage(source, layers, tag: "v1");
        var destination = new InMemoryImageStore { PushFault = (_, _, token) => Task.Delay(50, token) };

        await _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options(o => o.MaxConcurrentBlobs = 3));

        Assert.Equal(3, destination.MaxConcurrentPushes);
        Assert.Equal(13, destination.Operations.Count(o => o.Kind == StoreOperationKind.PushBlob));
    }

    [Fact]
    public async Task A_source_blob_whose_bytes_do_not_match_fails_the_copy_naming_it_and_pushes_no_manifest()
    {
        var source = new InMemoryImageStore();
        var good = TestImage.AddLayer(source, 4000, 1);
        var bad = Descriptor.FromContent(MediaTypes.OciLayerGzip, TestImage.RandomBytes(4000, 2));
        source.AddCorruptBlob(bad, TestImage.RandomBytes(4000, 3));
        TestImage.AddImage(source, [good, bad], tag: "v1");
        var destination = new InMemoryImageStore();
        var progress = new RecordingProgress();

        var error = await Assert.ThrowsAsync<DigestMismatchException>(
            () => _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options(), progress));

        Assert.Equal(bad.Digest, error.Expected);
        Assert.Contains(bad.Digest.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Empty(destination.ManifestDigests);
        Assert.DoesNotContain(bad.Digest, destination.BlobDigests);
        Assert.Single(progress.Events, e => e.Kind == CopyProgressKind.BlobFailed && e.Content.Digest == bad.Digest);
        Assert.DoesNotContain(progress.Events, e => e.Kind == CopyProgressKind.ManifestPushed);
    }

    [Fact]
    public async Task A_source_that_sends_more_bytes_than_the_descriptor_fails_without_a_manifest()
    {
        var source = new InMemoryImageStore();
        var bytes = TestImage.RandomBytes(3000, 9);
        var declared = Descriptor.FromContent(MediaTypes.OciLayerGzip, bytes.AsSpan(0, 2000));
        source.AddCorruptBlob(declared, bytes);
        TestImage.AddImage(source, [declared], tag: "v1");
        var destination = new InMemoryImageStore();

        var error = await Assert.ThrowsAsync<DigestMismatchException>(() => _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options()));

        Assert.Contains(declared.Digest.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Empty(destination.ManifestDigests);
    }

    [Fact]
    public async Task Cancellation_stops_the_transfers_and_pushes_no_manifest()
    {
        var source = new InMemoryImageStore();
        var layers = Enumerable.Range(0, 4).Select(i => TestImage.AddLayer(source, 100_000, 20 + i)).ToArray();
        TestImage.AddImage(source, layers, tag: "v1");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var destination = new InMemoryImageStore
        {
            PushFault = async (_, _, token) =>
            {
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, token);
            },
        };
        using var cancellation = new CancellationTokenSource();

        var copy = _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options(), cancellationToken: cancellation.Token);
        await started.Task;
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => copy);
        Assert.Empty(destination.ManifestDigests);
        Assert.DoesNotContain(destination.Operations, o => o.Kind is StoreOperationKind.PushManifest or StoreOperationKind.PushBlob);
    }

    [Fact]
    public async Task A_missing_source_manifest_is_reported_as_not_found()
    {
        await Assert.ThrowsAsync<ManifestNotFoundException>(
            () => _copier.CopyAsync(new InMemoryImageStore(), "nope", new InMemoryImageStore(), "nope", Copiers.Options()));
    }

    [Fact]
    public async Task Invalid_options_are_refused_before_anything_is_read()
    {
        var source = new InMemoryImageStore();
        var options = Copiers.Options(o => o.MaxConcurrentBlobs = 0);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _copier.CopyAsync(source, "v1", new InMemoryImageStore(), null, options));

        Assert.Contains(nameof(CopyOptions.MaxConcurrentBlobs), error.Message, StringComparison.Ordinal);
        Assert.Empty(source.Operations);
    }

    [Fact]
    public async Task Blobs_of_an_artifact_with_unknown_media_types_are_copied_as_opaque_blobs()
    {
        var source = new InMemoryImageStore();
        var config = source.AddBlob("{\"kind\":\"sbom\"}"u8.ToArray(), "application/vnd.example.sbom.config+json");
        var payload = source.AddBlob(TestImage.RandomBytes(700, 4), "application/vnd.example.sbom.layer");
        var artifact = Manifest.Create(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            ArtifactType = "application/vnd.example.sbom",
            Config = config,
            Layers = [payload],
        });
        source.AddManifest(artifact, "sbom");
        var destination = new InMemoryImageStore();

        var result = await _copier.CopyAsync(source, "sbom", destination, "sbom", Copiers.Options(o => o.PreserveDigests = true));

        Assert.Equal(artifact.Digest, result.Manifest.Digest);
        Assert.Equal(2, result.Blobs.Count);
        Assert.True(destination.HasBlob(payload.Digest));
    }
}
