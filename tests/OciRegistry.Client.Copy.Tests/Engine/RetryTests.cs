using System.Net;
using OciRegistry.Client.Copy.Tests.Support;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Tests.Engine;

public sealed class RetryTests
{
    private const int Size = 300_000;
    private readonly ImageCopier _copier = Copiers.Create();

    [Fact]
    public async Task A_source_read_that_breaks_off_resumes_at_the_offset_in_the_same_upload()
    {
        var (source, layer) = Image();
        source.FetchFault = (blob, offset, attempt, stream) =>
            blob.Digest == layer.Digest && attempt == 1 ? new FaultyStream(stream) { FailAfter = 100_000 } : stream;
        var destination = new InMemoryImageStore();

        var result = await _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options());

        Assert.Equal(
            [0L, 100_000L],
            source.Operations.Where(o => o.Kind == StoreOperationKind.FetchBlob && o.Subject == layer.Digest.ToString()).Select(o => o.Offset));
        Assert.Single(destination.Operations, o => o.Kind == StoreOperationKind.PushBlobStarted && o.Subject == layer.Digest.ToString());
        Assert.Equal(source.GetBlob(layer.Digest), destination.GetBlob(layer.Digest));
        Assert.Equal(layer.Size, result.Blobs.Single(b => b.Blob.Digest == layer.Digest).BytesTransferred);
    }

    [Fact]
    public async Task A_source_stream_that_ends_early_resumes_at_the_offset()
    {
        var (source, layer) = Image();
        source.FetchFault = (blob, offset, attempt, stream) =>
            blob.Digest == layer.Digest && attempt == 1 ? new FaultyStream(stream) { FailAfter = 123_456, Truncate = true } : stream;
        var destination = new InMemoryImageStore();

        await _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options());

        Assert.Equal(
            [0L, 123_456L],
            source.Operations.Where(o => o.Kind == StoreOperationKind.FetchBlob && o.Subject == layer.Digest.ToString()).Select(o => o.Offset));
        Assert.Equal(source.GetBlob(layer.Digest), destination.GetBlob(layer.Digest));
    }

    [Fact]
    public async Task A_source_that_cannot_resume_at_an_offset_restarts_the_whole_blob()
    {
        var (source, layer) = Image();
        source.SupportsOffset = false;
        source.FetchFault = (blob, offset, attempt, stream) =>
            blob.Digest == layer.Digest && attempt == 1 ? new FaultyStream(stream) { FailAfter = 100_000 } : stream;
        var destination = new InMemoryImageStore();

        await _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options());

        Assert.Equal(
            [0L, 100_000L, 0L],
            source.Operations.Where(o => o.Kind == StoreOperationKind.FetchBlob && o.Subject == layer.Digest.ToString()).Select(o => o.Offset));
        Assert.Equal(2, destination.Operations.Count(o => o.Kind == StoreOperationKind.PushBlobStarted && o.Subject == layer.Digest.ToString()));
        Assert.Equal(source.GetBlob(layer.Digest), destination.GetBlob(layer.Digest));
    }

    [Fact]
    public async Task A_source_that_keeps_breaking_off_is_opened_retry_times_plus_one_times_fails_and_pushes_no_manifest()
    {
        var (source, layer) = Image();
        source.FetchFault = (blob, offset, attempt, stream) =>
            blob.Digest == layer.Digest ? new FaultyStream(stream) { FailAfter = 10_000 } : stream;
        var destination = new InMemoryImageStore();

        await Assert.ThrowsAsync<IOException>(() => _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options(o => o.RetryTimes = 2)));

        // Resumes and whole-blob attempts share the blob's two retries: the first open and two resumes, not 3 × 3.
        Assert.Equal(3, source.Operations.Count(o => o.Kind == StoreOperationKind.FetchBlob && o.Subject == layer.Digest.ToString()));
        Assert.Empty(destination.ManifestDigests);
    }

    [Fact]
    public async Task A_destination_that_answers_503_twice_gets_the_blob_on_the_third_attempt()
    {
        var (source, layer) = Image();
        var destination = new InMemoryImageStore
        {
            PushFault = (blob, attempt, _) => blob.Digest == layer.Digest && attempt <= 2
                ? throw new OciRegistryException("Service unavailable", new RegistryErrorDetails(RegistryOperation.PushBlob, "repo", HttpStatusCode.ServiceUnavailable))
                : Task.CompletedTask,
        };

        var result = await _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options());

        Assert.Equal(3, destination.Operations.Count(o => o.Kind == StoreOperationKind.PushBlobStarted && o.Subject == layer.Digest.ToString()));
        Assert.Equal(BlobCopyStatus.Transferred, result.Blobs.Single(b => b.Blob.Digest == layer.Digest).Status);
        Assert.True(destination.HasManifest(result.Manifest.Digest));
    }

    [Fact]
    public async Task A_429_with_retry_after_is_retried()
    {
        var (source, layer) = Image();
        var destination = new InMemoryImageStore
        {
            PushFault = (blob, attempt, _) => attempt == 1
                ? throw new TooManyRequestsException("Slow down", new RegistryErrorDetails(RegistryOperation.PushBlob, "repo", HttpStatusCode.TooManyRequests), TimeSpan.Zero)
                : Task.CompletedTask,
        };

        await _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options());

        Assert.Equal(2, destination.Operations.Count(o => o.Kind == StoreOperationKind.PushBlobStarted && o.Subject == layer.Digest.ToString()));
    }

    [Fact]
    public async Task A_refusal_that_is_not_transient_is_not_retried()
    {
        var (source, layer) = Image();
        var destination = new InMemoryImageStore
        {
            PushFault = (blob, attempt, _) => blob.Digest == layer.Digest
                ? throw new OciRegistryException("Denied", new RegistryErrorDetails(RegistryOperation.PushBlob, "repo", HttpStatusCode.Forbidden))
                : Task.CompletedTask,
        };

        var error = await Assert.ThrowsAsync<OciRegistryException>(() => _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options()));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Single(destination.Operations, o => o.Kind == StoreOperationKind.PushBlobStarted && o.Subject == layer.Digest.ToString());
        Assert.Empty(destination.ManifestDigests);
    }

    [Fact]
    public async Task Retries_run_out_after_RetryTimes_and_the_copy_fails_without_a_manifest()
    {
        var (source, layer) = Image();
        var destination = new InMemoryImageStore
        {
            PushFault = (blob, _, _) => blob.Digest == layer.Digest
                ? throw new OciRegistryException("Bad gateway", new RegistryErrorDetails(RegistryOperation.PushBlob, "repo", HttpStatusCode.BadGateway))
                : Task.CompletedTask,
        };

        var error = await Assert.ThrowsAsync<OciRegistryException>(
            () => _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options(o => o.RetryTimes = 2)));

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Equal(3, destination.Operations.Count(o => o.Kind == StoreOperationKind.PushBlobStarted && o.Subject == layer.Digest.ToString()));
        Assert.Empty(destination.ManifestDigests);
    }

    private static (InMemoryImageStore Source, Descriptor Layer) Image()
    {
        var source = new InMemoryImageStore();
        var layer = TestImage.AddLayer(source, Size, 11);
        TestImage.AddImage(source, [layer], tag: "v1");
        return (source, layer);
    }
}
