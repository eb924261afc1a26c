using System.Globalization;

namespace OciRegistry.Client.TestSupport.Faults;

/// <summary>
/// The body of one request as the client sends it (Content-Length or chunked framing removed), read once and
/// forwarded upstream. With a reset point, it hands out exactly that many bytes and then fails, which aborts the
/// upstream request.
/// </summary>
internal sealed class RequestBody(ClientReader reader, RequestHead head, long? resetAfter, CancellationToken stopping) : Stream
{
    private long _remaining = head.ContentLength ?? 0;
    private bool _chunkStarted;
    private bool _done = !head.HasBody;

    public long BytesRead { get; private set; }

    /// <summary>The reset point was reached: the client's connection must be reset.</summary>
    public bool ResetReached { get; private set; }

    /// <summary>The whole body was read (so the connection can carry the next request).</summary>
    public bool Completed => _done;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        var token = linked.Token;
        if (_done || buffer.Length == 0)
        {
            return 0;
        }

        if (resetAfter is { } limit && BytesRead >= limit)
        {
            ResetReached = true;
            throw new IOException($"Fault: the request body is reset after {limit} bytes.");
        }

        if (head.Chunked && _remaining == 0)
        {
            if (_chunkStarted)
            {
                await ExpectEmptyLineAsync(token);
            }

            var sizeLine = await reader.ReadLineAsync(token) ?? throw new EndOfStreamException("The client closed the connection inside a chunked body.");
            _remaining = long.Parse(sizeLine.Split(';', 2)[0].Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            _chunkStarted = true;
            if (_remaining == 0)
            {
                // Trailers, up to the empty line.
                while (!string.IsNullOrEmpty(await reader.ReadLineAsync(token)))
                {
                }

                _done = true;
                return 0;
            }
        }

        if (!head.Chunked && _remaining == 0)
        {
            _done = true;
            return 0;
        }

        var count = (int)Math.Min(buffer.Length, _remaining);
        if (resetAfter is { } cut)
        {
            count = (int)Math.Min(count, cut - BytesRead);
        }

        var read = await reader.ReadAsync(buffer[..count], token);
        if (read == 0)
        {
            throw new EndOfStreamException("The client closed the connection inside a request body.");
        }

        _remaining -= read;
        BytesRead += read;
        if (!head.Chunked && _remaining == 0)
        {
            _done = true;
        }

        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    /// <summary>Reads and drops the rest of the body.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var scratch = new byte[64 * 1024];
        while (await ReadAsync(scratch, cancellationToken) > 0)
        {
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private async Task ExpectEmptyLineAsync(CancellationToken cancellationToken)
    {
        if (await reader.ReadLineAsync(cancellationToken) is not { Length: 0 })
        {
            throw new InvalidDataException("A chunk does not end with CRLF.");
        }
    }
}
