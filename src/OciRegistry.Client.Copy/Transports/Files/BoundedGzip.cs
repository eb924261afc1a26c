using System.Buffers;
using System.IO.Compression;

namespace OciRegistry.Client.Copy.Transports;

/// <summary>gzip decompression bounded by <see cref="ArchiveReadOptions"/>, so a decompression bomb fails early.</summary>
internal static class BoundedGzip
{
    private const int BufferSize = 1024 * 1024;

    /// <summary>
    /// Decompresses <paramref name="compressed"/> from its current position, handing each piece to
    /// <paramref name="write"/> with its offset in the decompressed stream.
    /// </summary>
    /// <param name="compressed">The gzip stream's bytes; left open.</param>
    /// <param name="compressedSize">Its size, which sets the limit.</param>
    /// <param name="options">The limits.</param>
    /// <param name="what">Names the stream in the error, for example <c>the archive "/path/x.tar.gz"</c>.</param>
    /// <param name="write">Receives the decompressed bytes (or <see langword="null"/> to only count them).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The decompressed size.</returns>
    /// <exception cref="InvalidImageLayoutException">The stream decompresses to more than the limit.</exception>
    public static async Task<long> DecompressAsync(
        Stream compressed,
        long compressedSize,
        ArchiveReadOptions options,
        string what,
        Func<ReadOnlyMemory<byte>, long, CancellationToken, ValueTask>? write,
        CancellationToken cancellationToken)
    {
        var limit = options.DecompressionLimitFor(compressedSize);
        var gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long total = 0;
            int read;
            while ((read = await gzip.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (read > limit - total)
                {
                    throw new InvalidImageLayoutException(
                        $"{what} decompresses to more than {limit} bytes, the most allowed for {compressedSize} compressed bytes " +
                        $"({nameof(ArchiveReadOptions)}.{nameof(ArchiveReadOptions.MaxDecompressionRatio)} {options.MaxDecompressionRatio} times the compressed size, " +
                        $"at least {nameof(ArchiveReadOptions.MinDecompressionLimit)} {options.MinDecompressionLimit} bytes): it is refused as a possible " +
                        "decompression bomb; decompress it first (gzip -d) if it is trusted.");
                }

                if (write is not null)
                {
                    await write(buffer.AsMemory(0, read), total, cancellationToken).ConfigureAwait(false);
                }

                total += read;
            }

            return total;
        }
        finally
        {
            await gzip.DisposeAsync().ConfigureAwait(false);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
