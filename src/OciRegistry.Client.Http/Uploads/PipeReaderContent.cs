using System.IO.Pipelines;
using System.Net;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Http.Uploads;

/// <summary>
/// A request body that drains a <see cref="PipeReader"/>: each segment is hashed once, in the read loop, and written to
/// the connection from the pipe's own buffer (no copy into a second buffer). The last byte is held back until the
/// writer has completed and size and digest are checked, so the registry never receives a complete body that differs
/// from the descriptor: a mismatch aborts the request one byte short.
/// </summary>
/// <remarks>
/// The loop follows <c>PipeReader.CopyToAsync</c>: <c>ReadAsync</c>, the segments of the buffer, <c>AdvanceTo</c> in a
/// <see langword="finally"/>, and <c>IsCanceled</c>/<c>IsCompleted</c> honoured. The reader is not completed here:
/// its owner completes it. Not replayable, like <see cref="HashingStreamContent"/>.
/// </remarks>
internal sealed class PipeReaderContent : HttpContent
{
    private readonly PipeReader _reader;
    private readonly Descriptor _expected;
    private readonly IncrementalDigest _hash;
    private int _sent;

    /// <param name="reader">The bytes to send; read until its writer completes, not completed here.</param>
    /// <param name="expected">The descriptor the bytes must match; its size is the <c>Content-Length</c>.</param>
    public PipeReaderContent(PipeReader reader, Descriptor expected)
    {
        _reader = reader;
        _expected = expected;
        _hash = IncrementalDigest.For(expected);
        Headers.ContentType = new("application/octet-stream");
    }

    /// <summary>Gets the number of bytes read (and hashed) from the pipe.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Gets the failure the pipe's writer completed with, if any; the request was aborted with it.</summary>
    public Exception? ReaderFailure { get; private set; }

    /// <summary>Gets the mismatch found while streaming, if any; the request was aborted before its last byte.</summary>
    public DigestMismatchException? Mismatch { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _sent, 1) != 0)
        {
            throw new InvalidOperationException("A streamed blob body was asked for a second time; it is never re-sent.");
        }

        var length = _expected.Size;
        var sent = 0L;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The writer failed (the source broke): that is the upload's error, not the transport's wrapper of it.
                ReaderFailure = e;
                throw;
            }

            var buffer = result.Buffer;
            var consumed = buffer.Start;
            try
            {
                if (result.IsCanceled)
                {
                    throw new OperationCanceledException("The blob's pipe was cancelled while its body was being sent.");
                }

                // The buffer starts at the first unsent byte; the bytes after the ones already hashed are new.
                var unsentHashed = BytesRead - sent;
                foreach (var segment in buffer.Slice(unsentHashed))
                {
                    _hash.Append(segment.Span);
                }

                BytesRead = sent + buffer.Length;
                if (BytesRead > length)
                {
                    consumed = buffer.End;
                    throw Fail();
                }

                // Everything hashed goes out except the last byte of the blob, which waits for the end to be verified.
                var complete = result.IsCompleted;
                Digest? digest = complete && BytesRead == length ? _hash.Complete() : null;
                var verified = digest is not null && digest == _expected.Digest;
                var sendable = verified ? buffer.Length : Math.Min(buffer.Length, length - 1 - sent);
                if (sendable > 0)
                {
                    var slice = buffer.Slice(0, sendable);
                    foreach (var segment in slice)
                    {
                        await stream.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
                    }

                    consumed = slice.End;
                    sent += sendable;
                }

                if (verified)
                {
                    return;
                }

                if (complete)
                {
                    throw Fail(digest);
                }
            }
            finally
            {
                // Everything was examined (hashed): the next read waits for new bytes or the writer's completion.
                _reader.AdvanceTo(consumed, buffer.End);
            }
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _expected.Size;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private DigestMismatchException Fail(Digest? computed = null)
    {
        computed ??= BytesRead > _expected.Size ? null : _hash.Complete();
        Mismatch = computed is null
            ? new DigestMismatchException(
                $"Blob {_expected.Digest}: the content is longer than the {_expected.Size} bytes its descriptor gives; the upload was not completed.")
            : new DigestMismatchException(_expected.Digest, computed, _expected.Size, BytesRead);
        return Mismatch;
    }
}
