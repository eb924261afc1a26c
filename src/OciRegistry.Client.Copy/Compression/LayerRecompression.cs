using System.IO.Pipelines;
using System.Runtime.ExceptionServices;
using OciRegistry.Client.Content;
using OciRegistry.Client.Copy.Engine;
using OciRegistry.Client.Copy.Transports;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Compression;

/// <summary>
/// One attempt at converting one layer's compression: the source's bytes are hashed (and checked against the
/// layer's descriptor) as they are read, decompressed, hashed again (the diff ID, checked against the image
/// configuration) and handed through a <see cref="Pipe"/> to a second task that compresses them into an unnamed
/// temporary file, hashing the result. Decompression and compression thus run at once, and memory stays bounded by
/// the pipe and the codecs' windows, whatever the layer's size. The converted blob is then pushed from that file.
/// </summary>
/// <remarks>
/// The file exists because <see cref="IBlobPusher"/> takes a descriptor whose digest and size the destination checks
/// as the bytes arrive, and a conversion's digest is known only after its last byte: the bytes have to be kept
/// somewhere until then, and a file keeps memory flat for layers of any size. It is unnamed
/// (<see cref="AnonymousFile"/>), so nothing is left behind however the process ends. A failed attempt starts again
/// from the first byte of the source (the engine's retries), since a resumed read cannot resume a codec's state.
/// </remarks>
internal sealed class LayerRecompression
{
    private const int SegmentSize = 64 * 1024;

    private static readonly PipeOptions PipeOptions = new(
        pauseWriterThreshold: BlobTransfer.PauseThreshold,
        resumeWriterThreshold: BlobTransfer.ResumeThreshold,
        minimumSegmentSize: SegmentSize,
        useSynchronizationContext: false);

    private readonly IImageSource _source;
    private readonly IImageDestination _destination;
    private readonly Descriptor _blob;
    private readonly LayerConversion _conversion;
    private readonly int? _level;
    private readonly BlobProgress _progress;

    public LayerRecompression(IImageSource source, IImageDestination destination, Descriptor blob, LayerConversion conversion, int? level, BlobProgress progress)
    {
        _source = source;
        _destination = destination;
        _blob = blob;
        _conversion = conversion;
        _level = level;
        _progress = progress;
    }

    /// <summary>Converts the layer and stores the result at the destination, unless it is there already.</summary>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>The converted layer, and whether it was pushed (<see langword="false"/>: the destination had it).</returns>
    /// <exception cref="DigestMismatchException">The source's bytes do not match the layer's descriptor.</exception>
    /// <exception cref="ImageCopyException">The layer is not valid in its compression, or its diff ID is not the configuration's.</exception>
    public async Task<(ConvertedLayer Layer, bool Pushed)> RunAsync(CancellationToken cancellationToken)
    {
        _progress.Restart(0);
        using var file = AnonymousFile.Create("ocireg-layer-");
        var stream = new FileStream(file, FileAccess.ReadWrite, bufferSize: 0, isAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            var layer = await ConvertAsync(stream, cancellationToken).ConfigureAwait(false);
            var descriptor = layer.Descriptor;
            if (await _destination.BlobExistsAsync(descriptor, cancellationToken).ConfigureAwait(false))
            {
                return (layer, false);
            }

            stream.Position = 0;
            var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: SegmentSize, leaveOpen: true));
            try
            {
                await _destination.PushBlobAsync(descriptor, reader, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await reader.CompleteAsync().ConfigureAwait(false);
            }

            return (layer, true);
        }
    }

    private async Task<ConvertedLayer> ConvertAsync(Stream output, CancellationToken cancellationToken)
    {
        var pipe = new Pipe(PipeOptions);
        using var uncompressed = IncrementalDigest.Create(_blob.Digest.Algorithm);
        using var producerCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => DecompressAsync(pipe.Writer, uncompressed, producerCancellation.Token), CancellationToken.None);
        using var written = IncrementalDigest.Create(_blob.Digest.Algorithm);
        Exception? compressFailure = null;
        try
        {
            await CompressAsync(pipe.Reader, new HashingWriteStream(output, written), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            compressFailure = e;
            await producerCancellation.CancelAsync().ConfigureAwait(false);
        }
        finally
        {
            await pipe.Reader.CompleteAsync().ConfigureAwait(false);
        }

        try
        {
            await producer.ConfigureAwait(false);
        }
        catch (Exception e) when (compressFailure is null || e is not OperationCanceledException)
        {
            // The source's failure is the cause; the compressing side only saw its pipe end.
            ExceptionDispatchInfo.Capture(e).Throw();
        }

        if (compressFailure is not null)
        {
            ExceptionDispatchInfo.Capture(compressFailure).Throw();
        }

        var diffId = uncompressed.Complete();
        if (_conversion.DiffId is { } expected && expected != diffId)
        {
            throw new ImageCopyException(
                $"The layer {_blob.Digest} decompresses to a tar with the digest {diffId}, but the image configuration lists {expected} as its diff ID; " +
                "converting its compression would write an image whose configuration does not match its layers. Copy it without changing layer compression.");
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        var size = written.BytesHashed;
        return new ConvertedLayer(written.Complete(), size, _conversion.To, diffId);
    }

    /// <summary>Reads the source, checks it against the descriptor, and writes the uncompressed tar into the pipe.</summary>
    private async Task DecompressAsync(PipeWriter writer, IncrementalDigest uncompressed, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            var content = await _source.FetchBlobAsync(_blob, 0, cancellationToken).ConfigureAwait(false);
            await using (content.ConfigureAwait(false))
            {
                using var compressed = IncrementalDigest.For(_blob);
                var source = new SourceStream(content.Stream, compressed, _blob, _progress);
                var magic = new byte[Transports.Compression.MagicLength];
                var got = await source.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                var kind = Transports.Compression.Detect(magic.AsSpan(0, got));
                var prefixed = new PrefixedStream(magic.AsMemory(0, got), source);
                var decompressing = Codecs.Decompress(kind, prefixed, leaveOpen: true);
                await using (decompressing.ConfigureAwait(false))
                {
                    try
                    {
                        await PumpAsync(decompressing, writer, uncompressed, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException and not IOException and not DigestMismatchException and not OutOfMemoryException)
                    {
                        // Corrupt compression is most often corrupt content: read the rest so the error names the digest.
                        await prefixed.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                        compressed.Verify(_blob.Digest, _blob.Size);
                        throw new ImageCopyException($"The layer {_blob.Digest} matches its digest but is not valid {Transports.Compression.Name(kind)}: {e.Message}", e);
                    }
                }

                // Bytes after the compressed stream (padding) belong to the blob and its digest.
                await prefixed.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                compressed.Verify(_blob.Digest, _blob.Size);
            }
        }
        catch (Exception e)
        {
            failure = e;
            throw;
        }
        finally
        {
            await writer.CompleteAsync(failure).ConfigureAwait(false);
        }
    }

    private static async Task PumpAsync(Stream decompressing, PipeWriter writer, IncrementalDigest uncompressed, CancellationToken cancellationToken)
    {
        while (true)
        {
            var memory = writer.GetMemory(SegmentSize);
            var read = await decompressing.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            uncompressed.Append(memory.Span[..read]);
            writer.Advance(read);
            var flushed = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                throw new OperationCanceledException("The compressing side stopped reading.");
            }
        }
    }

    /// <summary>Compresses what the pipe holds into <paramref name="output"/> (or copies it, to decompress).</summary>
    private async Task CompressAsync(PipeReader reader, Stream output, CancellationToken cancellationToken)
    {
        var compressing = _conversion.To == CompressionKind.None
            ? output
            : Codecs.Compress(_conversion.To == CompressionKind.Zstd ? CompressionAlgorithm.Zstd : CompressionAlgorithm.Gzip, _level, output);
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    foreach (var segment in buffer)
                    {
                        await compressing.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    reader.AdvanceTo(buffer.End);
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        finally
        {
            if (!ReferenceEquals(compressing, output))
            {
                // Disposing writes the end of the compressed stream.
                await compressing.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The source's stream, hashed and counted as it is read; more bytes than the descriptor's size are refused at once.</summary>
    private sealed class SourceStream(Stream inner, IncrementalDigest digest, Descriptor blob, BlobProgress progress) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        // Some codecs (xz, bzip2) read synchronously.
        public override int Read(Span<byte> buffer) => Account(buffer, inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            return Account(buffer.Span, read);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Account(ReadOnlySpan<byte> buffer, int read)
        {
            if (digest.BytesHashed + read > blob.Size)
            {
                throw new DigestMismatchException(
                    $"The source sends more than the {blob.Size} bytes of blob {blob.Digest} that its descriptor gives; the blob was not written.");
            }

            digest.Append(buffer[..read]);
            progress.Advance(read, digest.BytesHashed);
            return read;
        }
    }

    /// <summary>A write-through stream that hashes every byte written to it.</summary>
    private sealed class HashingWriteStream(Stream inner, IncrementalDigest digest) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            digest.Append(buffer);
            inner.Write(buffer);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            digest.Append(buffer.Span);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
