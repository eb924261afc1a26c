using System.Globalization;
using System.Net;

namespace OciRegistry.Client.Http.Transport;

/// <summary>
/// A response body whose every read waits at most an idle timeout for the next byte; it takes the place of the
/// transport's content in the response (same headers), so that buffered reads (<c>ReadAsByteArrayAsync</c>) and
/// streamed ones (<c>ReadAsStreamAsync</c>) are both bounded.
/// </summary>
internal sealed class IdleTimeoutContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly TimeSpan _idle;
    private readonly HttpMethod _method;
    private readonly Uri? _uri;
    private readonly bool _storage;

    public IdleTimeoutContent(HttpContent inner, TimeSpan idle, HttpMethod method, Uri? uri, bool storage)
    {
        _inner = inner;
        _idle = idle;
        _method = method;
        _uri = uri;
        _storage = storage;
        foreach (var header in inner.Headers)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        // A length the content computes (rather than one read from the wire) is not among the headers until asked for.
        if (Headers.ContentLength is null && inner.Headers.ContentLength is { } length)
        {
            Headers.ContentLength = length;
        }
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new IdleTimeoutStream(await _inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), _idle, this);

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var body = await CreateContentReadStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            await body.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The body's stream: each read gets a timer, re-armed for the next read, and a token linked to the caller's.</summary>
    private sealed class IdleTimeoutStream(Stream inner, TimeSpan idle, IdleTimeoutContent content) : Stream
    {
        private CancellationTokenSource _timer = new();
        private CancellationTokenSource? _linked;
        private CancellationToken _linkedFor;
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var token = Arm(cancellationToken);
            try
            {
                var read = await inner.ReadAsync(buffer, token).ConfigureAwait(false);
                _read += read;
                return read;
            }
            catch (Exception e) when (_timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested
                && e is OperationCanceledException or IOException or ObjectDisposedException)
            {
                var message = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{Resilience.RegistryTimeoutHandler.Host(content._uri)} stopped sending {Resilience.RegistryTimeoutHandler.Subject(content._method, content._uri, content._storage)}: no byte for {Resilience.RegistryTimeoutHandler.Seconds(idle)} after {_read} bytes of the body (Timeouts.IdleRead).");
                throw new IOException(message, new TimeoutException(message, e));
            }
            finally
            {
                Disarm();
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        // Synchronous reads go through the same bounded path: a synchronous socket read could not be interrupted.
        public override int Read(byte[] buffer, int offset, int count) =>
            ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

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
                _linked?.Dispose();
                _timer.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync().ConfigureAwait(false);
            _linked?.Dispose();
            _timer.Dispose();
            await base.DisposeAsync().ConfigureAwait(false);
        }

        private CancellationToken Arm(CancellationToken cancellationToken)
        {
            _timer.CancelAfter(idle);
            if (!cancellationToken.CanBeCanceled)
            {
                return _timer.Token;
            }

            // Reads almost always come with the same token: link it once, not on every read.
            if (_linked is null || _linkedFor != cancellationToken)
            {
                _linked?.Dispose();
                _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timer.Token);
                _linkedFor = cancellationToken;
            }

            return _linked.Token;
        }

        private void Disarm()
        {
            _timer.CancelAfter(Timeout.InfiniteTimeSpan);
            if (!_timer.IsCancellationRequested)
            {
                return;
            }

            // The timer fired as the read completed: the next read needs a fresh one (and a fresh link to it).
            _timer.Dispose();
            _timer = new CancellationTokenSource();
            _linked?.Dispose();
            _linked = null;
        }
    }
}
