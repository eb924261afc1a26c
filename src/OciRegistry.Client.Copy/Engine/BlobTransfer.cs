using System.IO.Pipelines;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using OciRegistry.Client.Content;
using OciRegistry.Client.Models;
using OciRegistry.Client.Resilience;

namespace OciRegistry.Client.Copy.Engine;

/// <summary>
/// One attempt at transferring one blob: a producer reads the source into a <see cref="Pipe"/> while the destination
/// drains it straight from the pipe's buffers (<see cref="IBlobPusher.PushBlobAsync"/>), so reading and writing
/// overlap and at most the pipe's pause threshold (256 KiB) is buffered, whatever the blob's size. A source read that
/// breaks off is re-opened at the offset reached and keeps filling the same pipe, so the destination sees one
/// unbroken stream.
/// </summary>
/// <remarks>
/// The engine does not hash the bytes: <see cref="IBlobPusher"/>'s contract is that the destination checks size and
/// digest as the bytes stream and keeps nothing that refers to them on a mismatch (the registry client and the
/// on-disk transports do so, in one pass). Hashing here too would double the CPU of the hot path for no added safety.
/// The producer does count the bytes: a source that ends early is resumed, one that sends more than the
/// descriptor's size is stopped at once.
/// </remarks>
internal sealed class BlobTransfer
{
    // Four segments in flight per blob: the kernel's socket buffers on both sides already absorb the bursts of the
    // source and the destination, so a deeper pipe only adds resident memory per concurrent blob (a 1 MiB pause
    // threshold cost about 5 MiB of peak RSS over six blobs, 256 KiB about 0.5 MiB more than 128 KiB, with no
    // measurable gain in throughput).
    internal const int PauseThreshold = 128 * 1024;
    internal const int ResumeThreshold = 64 * 1024;
    internal const int SegmentSize = 32 * 1024;

    private static readonly PipeOptions PipeOptions = new(
        pauseWriterThreshold: PauseThreshold,
        resumeWriterThreshold: ResumeThreshold,
        minimumSegmentSize: SegmentSize,
        useSynchronizationContext: false);

    private readonly IImageSource _source;
    private readonly IImageDestination _destination;
    private readonly Descriptor _blob;
    private readonly CopySettings _settings;
    private readonly BlobProgress _progress;
    private readonly BlobRetries _retries;
    private readonly ILogger _logger;

    public BlobTransfer(IImageSource source, IImageDestination destination, Descriptor blob, CopySettings settings, BlobProgress progress, BlobRetries retries, ILogger logger)
    {
        _source = source;
        _destination = destination;
        _blob = blob;
        _settings = settings;
        _progress = progress;
        _retries = retries;
        _logger = logger;
    }

    /// <summary>Transfers the blob once; the destination verifies it.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var pipe = new Pipe(PipeOptions);
        _progress.Restart(0);
        using var producerCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => ProduceAsync(pipe.Writer, producerCancellation.Token), CancellationToken.None);
        Exception? pushFailure = null;
        try
        {
            await _destination.PushBlobAsync(_blob, pipe.Reader, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            pushFailure = e;
            await producerCancellation.CancelAsync().ConfigureAwait(false);
        }
        finally
        {
            // Completing the reader wakes a producer blocked on a full pipe, and it stops.
            await pipe.Reader.CompleteAsync().ConfigureAwait(false);
        }

        Exception? produceFailure = null;
        try
        {
            await producer.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            produceFailure = e;
        }

        if (pushFailure is null)
        {
            // The destination verified the whole blob; whatever the producer met after that does not matter.
            return;
        }

        // A failed source is the cause of the failed upload (which only saw its stream break): report the cause.
        var cause = produceFailure is not null && produceFailure is not OperationCanceledException ? produceFailure : pushFailure;
        ExceptionDispatchInfo.Capture(cause).Throw();
    }

    private async Task ProduceAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        BlobContent? content = null;
        try
        {
            content = await _source.FetchBlobAsync(_blob, 0, cancellationToken).ConfigureAwait(false);
            var offset = 0L;
            var resumes = 0;
            while (true)
            {
                try
                {
                    if (!await PumpAsync(content.Stream, writer, offset, cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }

                    break;
                }
                catch (SourceReadException e) when (TransientFailures.IsTransient(e.InnerException!, cancellationToken)
                    && _retries.TryTake())
                {
                    offset = e.Offset;
                    resumes++;
                    CopyLog.SourceResuming(_logger, _blob.Digest, offset, resumes, e.InnerException!);
                    await content.DisposeAsync().ConfigureAwait(false);
                    content = null;
                    await Task.Delay(_settings.RetryDelay, cancellationToken).ConfigureAwait(false);
                    content = await ReopenAsync(offset, e.InnerException!, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (SourceReadException e)
        {
            failure = e.InnerException!;
            ExceptionDispatchInfo.Capture(failure).Throw();
        }
        catch (Exception e)
        {
            failure = e;
            throw;
        }
        finally
        {
            if (content is not null)
            {
                await content.DisposeAsync().ConfigureAwait(false);
            }

            await writer.CompleteAsync(failure).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Re-opens the source at <paramref name="offset"/>. When it cannot (a source without ranges, an error), the
    /// original read failure is raised again, so that the whole blob restarts in a new upload rather than the copy failing.
    /// </summary>
    private async Task<BlobContent> ReopenAsync(long offset, Exception readFailure, CancellationToken cancellationToken)
    {
        BlobContent content;
        try
        {
            content = await _source.FetchBlobAsync(_blob, offset, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            CopyLog.ResumeFailed(_logger, _blob.Digest, offset, e);
            ExceptionDispatchInfo.Capture(readFailure).Throw();
            throw;
        }

        if (content.Offset != offset)
        {
            await content.DisposeAsync().ConfigureAwait(false);
            CopyLog.ResumeFailed(_logger, _blob.Digest, offset, null);
            ExceptionDispatchInfo.Capture(readFailure).Throw();
        }

        return content;
    }

    /// <summary>Copies the source stream into the pipe from <paramref name="offset"/> to the blob's end.</summary>
    /// <returns><see langword="false"/> when the destination stopped reading before the end.</returns>
    private async Task<bool> PumpAsync(Stream stream, PipeWriter writer, long offset, CancellationToken cancellationToken)
    {
        while (true)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(writer.GetMemory(SegmentSize), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw new SourceReadException(offset, e);
            }

            if (read == 0)
            {
                if (offset < _blob.Size)
                {
                    throw new SourceReadException(offset, new EndOfStreamException(
                        $"The source's stream of blob {_blob.Digest} ended at byte {offset} of {_blob.Size}."));
                }

                return true;
            }

            if (offset + read > _blob.Size)
            {
                throw new DigestMismatchException(
                    $"The source sends more than the {_blob.Size} bytes of blob {_blob.Digest} that its descriptor gives; the blob was not written.");
            }

            writer.Advance(read);
            offset += read;
            _progress.Advance(read, offset);
            var flushed = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                return false;
            }
        }
    }

    /// <summary>A failure of reading the source's stream, with the offset reached, so the read can resume there.</summary>
    private sealed class SourceReadException(long offset, Exception inner) : Exception(inner.Message, inner)
    {
        public long Offset { get; } = offset;
    }
}
