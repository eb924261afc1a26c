using System.IO.Compression;
using OciRegistry.Client.Copy.Transports;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.Xz;
using ZstdSharp;
using SharpCompressionMode = SharpCompress.Compressors.CompressionMode;

namespace OciRegistry.Client.Copy.Compression;

/// <summary>
/// The compression codecs, as streams: gzip from the BCL, zstd from ZstdSharp.Port, xz and bzip2 (read only) from
/// SharpCompress. All are managed code, so they trim and compile ahead of time with no native library to ship.
/// </summary>
internal static class Codecs
{
    /// <summary>The gzip level used when none is asked for: zlib's default, which Go's gzip writer also uses.</summary>
    public const int DefaultGzipLevel = 6;

    /// <summary>The zstd level used when none is asked for: zstd's default.</summary>
    public const int DefaultZstdLevel = 3;

    /// <summary>Opens a stream that decompresses <paramref name="compressed"/>.</summary>
    /// <param name="kind">How it is compressed; <see cref="CompressionKind.None"/> returns it as it is.</param>
    /// <param name="compressed">The compressed bytes.</param>
    /// <param name="leaveOpen">Whether disposing the returned stream leaves <paramref name="compressed"/> open.</param>
    /// <returns>The decompressed bytes, to read.</returns>
    public static Stream Decompress(CompressionKind kind, Stream compressed, bool leaveOpen) => kind switch
    {
        CompressionKind.Gzip => new GZipStream(compressed, CompressionMode.Decompress, leaveOpen),
        CompressionKind.Zstd => new DecompressionStream(compressed, leaveOpen: leaveOpen),
        CompressionKind.Xz => new OwningStream(new XZStream(compressed), compressed, leaveOpen),
        CompressionKind.Bzip2 => new OwningStream(BZip2Stream.Create(compressed, SharpCompressionMode.Decompress, decompressConcatenated: true, leaveOpen: true), compressed, leaveOpen),
        _ => leaveOpen ? new OwningStream(compressed, compressed, leaveOpen: true) : compressed,
    };

    /// <summary>Opens a stream that compresses what is written to it into <paramref name="output"/>.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="level">The level, or <see langword="null"/> for the algorithm's default.</param>
    /// <param name="output">Receives the compressed bytes; left open.</param>
    /// <returns>The stream to write to; disposing it writes the end of the compressed stream.</returns>
    public static Stream Compress(CompressionAlgorithm algorithm, int? level, Stream output) => algorithm switch
    {
        CompressionAlgorithm.Gzip => new GZipStream(output, new ZLibCompressionOptions { CompressionLevel = level ?? DefaultGzipLevel }, leaveOpen: true),
        CompressionAlgorithm.Zstd => new CompressionStream(output, level ?? DefaultZstdLevel, leaveOpen: true),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Not a compression algorithm."),
    };

    /// <summary>The compression a layer written with <paramref name="algorithm"/> has.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>The compression.</returns>
    public static CompressionKind KindOf(CompressionAlgorithm algorithm) =>
        algorithm == CompressionAlgorithm.Zstd ? CompressionKind.Zstd : CompressionKind.Gzip;

    /// <summary>A read-only view of a decompressing stream that disposes the compressed stream under it unless told not to.</summary>
    private sealed class OwningStream(Stream inner, Stream underlying, bool leaveOpen) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.ReadAsync(buffer, offset, count, cancellationToken);

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
                if (!ReferenceEquals(inner, underlying))
                {
                    inner.Dispose();
                }

                if (!leaveOpen)
                {
                    underlying.Dispose();
                }
            }

            base.Dispose(disposing);
        }
    }
}
