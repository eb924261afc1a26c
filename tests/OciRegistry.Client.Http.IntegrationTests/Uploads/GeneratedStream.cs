namespace OciRegistry.Client.Http.IntegrationTests.Uploads;

/// <summary>
/// A deterministic, non-seekable stream of <c>length</c> pseudo-random bytes produced on the fly: a 1 MiB random
/// block (from the seed), rotated by one byte more for each successive block, so memory stays at one block
/// whatever the length.
/// </summary>
internal sealed class GeneratedStream : Stream
{
    private const int BlockSize = 1024 * 1024;
    private readonly byte[] _block = new byte[BlockSize];
    private readonly long _length;
    private long _position;

    public GeneratedStream(long length, int seed)
    {
        _length = length;
        new Random(seed).NextBytes(_block);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Hashes the whole stream that a generator with these parameters produces.</summary>
    public static Models.Descriptor Describe(long length, int seed, string mediaType = "application/octet-stream")
    {
        using var stream = new GeneratedStream(length, seed);
        using var hash = IncrementalDigest.Create();
        var buffer = new byte[BlockSize];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            hash.Append(buffer.AsSpan(0, read));
        }

        return new Models.Descriptor { MediaType = mediaType, Digest = hash.Complete(), Size = length };
    }

    public static byte[] Bytes(int length, int seed)
    {
        using var stream = new GeneratedStream(length, seed);
        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length && _position < _length)
        {
            var blockIndex = _position / BlockSize;
            var inBlock = (int)(_position % BlockSize);
            var rotation = (int)(blockIndex % BlockSize);
            var source = (inBlock + rotation) % BlockSize;
            var count = (int)Math.Min(Math.Min(buffer.Length - written, BlockSize - inBlock), Math.Min(BlockSize - source, _length - _position));
            _block.AsSpan(source, count).CopyTo(buffer[written..]);
            written += count;
            _position += count;
        }

        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
