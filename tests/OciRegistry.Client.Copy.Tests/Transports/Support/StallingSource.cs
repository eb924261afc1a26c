using OciRegistry.Client.Content;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Tests.Transports.Support;

/// <summary>
/// A <see cref="TestImage"/> whose layer (the blob asked for last by a test) does not arrive: its stream waits until every other
/// blob is stored at the destination (so the copy has written something), then fails with <see cref="IOException"/>,
/// or, with <see cref="FailOnStall"/> off, blocks until the copy is cancelled.
/// </summary>
internal sealed class StallingSource(TestImage image, Digest stalled, Func<Digest, bool> isStored) : IImageSource
{
    private readonly MemorySource _inner = new(image);
    private readonly TaskCompletionSource _othersStored = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool FailOnStall { get; init; } = true;

    /// <summary>Completes when every other blob is stored and the stalled one is being read.</summary>
    public Task OthersStored => _othersStored.Task;

    public ImageStoreDescription Description => ImageStoreDescription.Default;

    public Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default) =>
        _inner.ResolveAsync(reference, cancellationToken);

    public Task<Manifest> FetchManifestAsync(string reference, CancellationToken cancellationToken = default) =>
        _inner.FetchManifestAsync(reference, cancellationToken);

    public Task<BlobContent> FetchBlobAsync(Descriptor blob, long offset = 0, CancellationToken cancellationToken = default) =>
        blob.Digest == stalled
            ? Task.FromResult(new BlobContent(new StallingStream(this), blob.Size, offset))
            : _inner.FetchBlobAsync(blob, offset, cancellationToken);

    private async Task StallAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + SpecialFiles.HangGuard;
        while (!image.Blobs.Keys.Where(d => d != stalled).All(isStored))
        {
            Assert.True(DateTime.UtcNow < deadline, "The other blobs were never stored.");
            await Task.Delay(10, cancellationToken);
        }

        _othersStored.TrySetResult();
        if (FailOnStall)
        {
            throw new IOException("The connection was reset (a test's stalled blob).");
        }

        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    private sealed class StallingStream(StallingSource source) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await source.StallAsync(cancellationToken);
            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
