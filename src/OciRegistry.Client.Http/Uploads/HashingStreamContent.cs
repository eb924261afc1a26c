using System.Buffers;
using System.Net;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Http.Uploads;

/// <summary>
/// A request body that streams from a source stream while hashing every byte once and counting them, without ever
/// holding more than two buffers of the blob. With an expected descriptor, the last buffer is held back until the
/// source has ended and size and digest are checked: a mismatch aborts the request before its final bytes, so the
/// registry never receives a complete body that differs from the descriptor.
/// </summary>
/// <remarks>
/// Not replayable: the source is read once, and a second serialisation throws rather than sending a different body.
/// The retry handler only replays in-memory contents, so it leaves this one alone.
/// </remarks>
internal sealed class HashingStreamContent : HttpContent
{
    internal const int BufferSize = 128 * 1024;

    private readonly Stream _source;
    private readonly long? _length;
    private readonly Descriptor? _expected;
    private readonly IncrementalDigest _hash;
    private int _sent;

    /// <param name="source">The bytes to send; read from its current position, not disposed.</param>
    /// <param name="length">The number of bytes to send (the <c>Content-Length</c>), or <see langword="null"/> to send to the end (chunked encoding).</param>
    /// <param name="expected">The descriptor the bytes must match, or <see langword="null"/> when the digest is being discovered.</param>
    /// <param name="algorithm">The digest algorithm when <paramref name="expected"/> is <see langword="null"/>.</param>
    public HashingStreamContent(Stream source, long? length, Descriptor? expected, string algorithm = Digest.Sha256)
    {
        _source = source;
        _length = length;
        _expected = expected;
        _hash = expected is null ? IncrementalDigest.Create(algorithm) : IncrementalDigest.For(expected);
        Headers.ContentType = new("application/octet-stream");
    }

    /// <summary>Gets the digest of everything read, once the body has been sent (or refused for a mismatch).</summary>
    public Digest? ComputedDigest { get; private set; }

    /// <summary>Gets the number of bytes read from the source.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Gets the mismatch found while streaming, if any; the request was aborted before its last bytes.</summary>
    public DigestMismatchException? Mismatch { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _sent, 1) != 0)
        {
            // A streamed body cannot be sent twice: the second copy would not be the same bytes.
            throw new InvalidOperationException("A streamed blob body was asked for a second time; it is never re-sent.");
        }

        var pending = ArrayPool<byte>.Shared.Rent(BufferSize);
        var next = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var pendingCount = 0;
            var total = 0L;
            while (true)
            {
                // With a known length, read up to it and then probe for one byte more, which must not exist.
                var want = _length is { } length ? (int)Math.Min(next.Length, Math.Max(length - total, 1)) : next.Length;
                var read = await _source.ReadAsync(next.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                _hash.Append(next.AsSpan(0, read));
                total += read;
                BytesRead = total;
                if (total > _length)
                {
                    await DrainAsync(next, cancellationToken).ConfigureAwait(false);
                    throw Fail();
                }

                if (pendingCount > 0)
                {
                    await stream.WriteAsync(pending.AsMemory(0, pendingCount), cancellationToken).ConfigureAwait(false);
                }

                (pending, next) = (next, pending);
                pendingCount = read;
            }

            ComputedDigest = _hash.Complete();
            if ((_length is { } declared && declared != total) || (_expected is not null && (_expected.Size != total || _expected.Digest != ComputedDigest)))
            {
                throw Fail();
            }

            if (pendingCount > 0)
            {
                await stream.WriteAsync(pending.AsMemory(0, pendingCount), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(pending);
            ArrayPool<byte>.Shared.Return(next);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length ?? 0;
        return _length is not null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private DigestMismatchException Fail()
    {
        ComputedDigest ??= _hash.Complete();
        var expectedDigest = _expected?.Digest ?? ComputedDigest;
        Mismatch = new DigestMismatchException(expectedDigest, ComputedDigest, _expected?.Size ?? _length, BytesRead);
        return Mismatch;
    }

    // The source is longer than it should be: hash the rest so that the error names its real size and digest.
    private async Task DrainAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        int read;
        while ((read = await _source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            _hash.Append(buffer.AsSpan(0, read));
            BytesRead += read;
        }
    }
}
