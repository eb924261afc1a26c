using System.Buffers;
using OciRegistry.Client.Copy.Compression;

namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// Decompression of any codec an archive may use (gzip, zstd, xz, bzip2) bounded by <see cref="ArchiveReadOptions"/>,
/// so a decompression bomb fails early.
/// </summary>
internal static class BoundedDecompression
{
    private const int BufferSize = 1024 * 1024;

    /// <summary>
    /// Decompresses <paramref name="compressed"/> from its current position, handing each piece to
    /// <paramref name="write"/> with its offset in the decompressed stream.
    /// </summary>
    /// <param name="compressed">The compressed bytes; left open.</param>
    /// <param name="kind">How they are compressed.</param>
    /// <param name="compressedSize">Their size, which sets the limit.</param>
    /// <param name="options">The limits.</param>
    /// <param name="what">Names the stream in the error, for example <c>the archive "/path/x.tar.gz"</c>.</param>
    /// <param name="write">Receives the decompressed bytes (or <see langword="null"/> to only count them).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The decompressed size.</returns>
    /// <exception cref="InvalidImageLayoutException">The stream decompresses to more than the limit, or is not valid in its format.</exception>
    public static async Task<long> DecompressAsync(
        Stream compressed,
        CompressionKind kind,
        long compressedSize,
        ArchiveReadOptions options,
        string what,
        Func<ReadOnlyMemory<byte>, long, CancellationToken, ValueTask>? write,
        CancellationToken cancellationToken)
    {
        var limit = options.DecompressionLimitFor(compressedSize);
        var decompressing = Codecs.Decompress(kind, compressed, leaveOpen: true);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long total = 0;
            int read;
            while ((read = await ReadAsync(decompressing, buffer, kind, what, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (read > limit - total)
                {
                    throw new InvalidImageLayoutException(
                        $"{what} decompresses to more than {limit} bytes, the most allowed for {compressedSize} compressed bytes " +
                        $"({nameof(ArchiveReadOptions)}.{nameof(ArchiveReadOptions.MaxDecompressionRatio)} {options.MaxDecompressionRatio} times the compressed size, " +
                        $"at least {nameof(ArchiveReadOptions.MinDecompressionLimit)} {options.MinDecompressionLimit} bytes): it is refused as a possible " +
                        $"decompression bomb; decompress it first ({Compression.Name(kind)} -d) if it is trusted.");
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
            await decompressing.DisposeAsync().ConfigureAwait(false);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // The codecs report corrupt input each in their own exception type; the reader gets one, naming what is corrupt.
    private static async ValueTask<int> ReadAsync(Stream stream, byte[] buffer, CompressionKind kind, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not IOException and not OutOfMemoryException)
        {
            throw new InvalidImageLayoutException($"{what} is not valid {Compression.Name(kind)}: {e.Message}", e);
        }
    }
}
