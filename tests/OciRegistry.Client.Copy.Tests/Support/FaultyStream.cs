namespace OciRegistry.Client.Copy.Tests.Support;

/// <summary>
/// A read-only stream over another that throws <see cref="IOException"/> once <see cref="FailAfter"/> bytes were read
/// (a dropped connection), ends early (<see cref="Truncate"/>), or reads at most <see cref="MaxRead"/> bytes per call.
/// </summary>
public sealed class FaultyStream(Stream inner) : Stream
{
    private long _read;

    public long? FailAfter { get; init; }

    public bool Truncate { get; init; }

    public int MaxRead { get; init; } = int.MaxValue;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, MaxRead);
        if (FailAfter is { } limit)
        {
            if (_read >= limit)
            {
                if (Truncate)
                {
                    return 0;
                }

                throw new IOException("Simulated connection reset.");
            }

            count = (int)Math.Min(count, limit - _read);
        }

        var read = inner.Read(buffer[..count]);
        _read += read;
        return read;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
