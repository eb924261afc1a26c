using System.IO.Pipelines;
namespace OciRegistry.Client.Http.IntegrationTests.Uploads;

public sealed class BlobUploadTests(RegistryFixture registry, ITestOutputHelper output) : IClassFixture<RegistryFixture>, IDisposable
{
    // Sizes that do not divide each other: the last chunk is short and no chunk lines up with a MiB.
    private const long BlobSize = (5 * 1024 * 1024) + 3;
    private const int ChunkSize = (1024 * 1024) + 7;

    private readonly ProcessLogScope _log = registry.CaptureLog(output);

    [Theory]
    [InlineData(UploadStrategy.Automatic, false)]
    [InlineData(UploadStrategy.Monolithic, false)]
    [InlineData(UploadStrategy.SingleRequest, true)]
    [InlineData(UploadStrategy.SingleRequest, false)]
    [InlineData(UploadStrategy.Streaming, false)]
    [InlineData(UploadStrategy.Chunked, false)]
    public async Task Each_strategy_stores_the_exact_bytes(UploadStrategy strategy, bool seekable)
    {
        using var client = new FixtureClient(registry, options: o => o.ChunkSize = ChunkSize);
        var repository = client.Repository(registry.NewRepository("uploads"));
        var seed = (int)strategy + (seekable ? 100 : 0);
        var blob = GeneratedStream.Describe(BlobSize, seed);
        await using Stream content = seekable ? new MemoryStream(GeneratedStream.Bytes((int)BlobSize, seed)) : new GeneratedStream(BlobSize, seed);

        await repository.PushBlobAsync(blob, content, strategy, CancellationToken.None);

        Assert.True(await repository.BlobExistsAsync(blob));
        Assert.Equal((blob.Digest, blob.Size), await BlobContent.HashAsync(repository, blob));
    }

    [Fact]
    public async Task A_blob_smaller_than_one_chunk_and_an_empty_blob_upload_in_chunks()
    {
        using var client = new FixtureClient(registry, options: o => o.ChunkSize = ChunkSize);
        var repository = client.Repository(registry.NewRepository("uploads"));
        foreach (var size in new[] { 0L, 1L, 1000L })
        {
            var blob = GeneratedStream.Describe(size, 7);
            await using var content = new GeneratedStream(size, 7);

            await repository.PushBlobAsync(blob, content, UploadStrategy.Chunked, CancellationToken.None);

            Assert.Equal((blob.Digest, blob.Size), await BlobContent.HashAsync(repository, blob));
        }
    }

    [Fact]
    public async Task A_body_of_unknown_size_is_streamed_and_described()
    {
        using var client = new FixtureClient(registry);
        var repository = client.Repository(registry.NewRepository("uploads"));
        var expected = GeneratedStream.Describe(BlobSize, 11, MediaTypes.OciLayerGzip);
        await using var content = new GeneratedStream(BlobSize, 11);

        var stored = await repository.PushBlobAsync(content, MediaTypes.OciLayerGzip, CancellationToken.None);

        Assert.Equal(expected, stored);
        Assert.Equal((expected.Digest, expected.Size), await BlobContent.HashAsync(repository, stored));
    }

    [Theory]
    [InlineData(UploadStrategy.Monolithic)]
    [InlineData(UploadStrategy.SingleRequest)]
    [InlineData(UploadStrategy.Streaming)]
    [InlineData(UploadStrategy.Chunked)]
    public async Task Content_that_does_not_match_its_digest_is_refused_and_leaves_no_blob(UploadStrategy strategy)
    {
        using var client = new FixtureClient(registry, options: o => o.ChunkSize = ChunkSize);
        var repository = client.Repository(registry.NewRepository("uploads"));
        var actual = GeneratedStream.Describe(BlobSize, 21);
        var claimed = actual with { Digest = GeneratedStream.Describe(BlobSize, 22).Digest };
        await using var content = new MemoryStream(GeneratedStream.Bytes((int)BlobSize, 21));

        var error = await Assert.ThrowsAsync<DigestMismatchException>(() => repository.PushBlobAsync(claimed, content, strategy, CancellationToken.None));

        Assert.Equal(claimed.Digest, error.Expected);
        Assert.Equal(actual.Digest, error.Actual);
        Assert.False(await repository.BlobExistsAsync(claimed));
        Assert.False(await repository.BlobExistsAsync(actual));
    }

    [Theory]
    [InlineData(UploadStrategy.Monolithic, -1)]
    [InlineData(UploadStrategy.Streaming, 1)]
    [InlineData(UploadStrategy.Chunked, -1)]
    [InlineData(UploadStrategy.Chunked, ChunkSize)]
    public async Task Content_of_the_wrong_size_is_refused_and_leaves_no_blob(UploadStrategy strategy, int difference)
    {
        using var client = new FixtureClient(registry, options: o => o.ChunkSize = ChunkSize);
        var repository = client.Repository(registry.NewRepository("uploads"));
        var blob = GeneratedStream.Describe(BlobSize, 31);
        await using var content = new GeneratedStream(BlobSize + difference, 31);

        var error = await Assert.ThrowsAsync<DigestMismatchException>(() => repository.PushBlobAsync(blob, content, strategy, CancellationToken.None));

        Assert.Equal(BlobSize + difference, error.ActualSize);
        Assert.False(await repository.BlobExistsAsync(blob));
    }

    [Fact]
    public async Task A_blob_is_mounted_from_another_repository()
    {
        using var client = new FixtureClient(registry);
        var (source, target) = SourceAndTarget(client);
        var blob = GeneratedStream.Describe(100_000, 41);
        await PushGeneratedAsync(source, blob, 41);

        Assert.False(await target.BlobExistsAsync(blob));

        Assert.True(await target.TryMountBlobAsync(blob, source.Repository));

        Assert.Equal((blob.Digest, blob.Size), await BlobContent.HashAsync(target, blob));
    }

    [Fact]
    public async Task Mounting_a_blob_the_source_lacks_is_declined_and_leaves_nothing()
    {
        using var client = new FixtureClient(registry);
        var (source, target) = SourceAndTarget(client);
        var other = GeneratedStream.Describe(1000, 42);
        await PushGeneratedAsync(source, other, 42);

        var missing = GeneratedStream.Describe(1000, 43);

        Assert.False(await target.TryMountBlobAsync(missing, source.Repository));

        Assert.False(await target.BlobExistsAsync(missing));
    }

    [Fact]
    public async Task Mount_or_push_uploads_into_the_session_the_registry_opened_when_it_declines()
    {
        using var client = new FixtureClient(registry);
        var (source, target) = SourceAndTarget(client);
        var blob = GeneratedStream.Describe(BlobSize, 44);
        var opened = 0;

        var mounted = await target.MountOrPushBlobAsync(blob, source.Repository, _ =>
        {
            opened++;
            return Task.FromResult<Stream>(new GeneratedStream(BlobSize, 44));
        });

        Assert.False(mounted);
        Assert.Equal(1, opened);
        Assert.Equal((blob.Digest, blob.Size), await BlobContent.HashAsync(target, blob));

        // Now the source of a second target has it: mounted, and the content is never opened.
        var second = client.Repository(registry.NewRepository("mount-target"));
        Assert.True(await second.MountOrPushBlobAsync(blob, target.Repository, _ => throw new InvalidOperationException("not to be opened")));
        Assert.True(await second.BlobExistsAsync(blob));
    }

    public void Dispose() => _log.Dispose();

    private (RegistryRepository Source, RegistryRepository Target) SourceAndTarget(FixtureClient client) =>
        (client.Repository(registry.NewRepository("mount-source")), client.Repository(registry.NewRepository("mount-target")));

    private static async Task PushGeneratedAsync(RegistryRepository repository, Descriptor blob, int seed)
    {
        await using var content = new GeneratedStream(blob.Size, seed);
        await repository.PushBlobAsync(blob, PipeReader.Create(content));
    }
}
