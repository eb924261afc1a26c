using System.Buffers;
using OciRegistry.Client.Copy.Compression;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// Stores a blob in a file: the bytes go to a temporary file in the target's directory while they are hashed (one
/// pass), the size and digest are checked, and only then is the file renamed into place. On a mismatch the
/// temporary file is deleted, so nothing ever names unverified content.
/// </summary>
internal static class VerifiedBlobWriter
{
    private const int BufferSize = 1024 * 1024;

    /// <summary>Copies <paramref name="content"/> to <paramref name="path"/>, verified against <paramref name="blob"/>.</summary>
    /// <param name="blob">The expected digest and size.</param>
    /// <param name="content">The bytes, read to their end.</param>
    /// <param name="path">Where the verified blob ends up.</param>
    /// <param name="cancellationToken">Cancels the write; the temporary file is removed.</param>
    /// <returns>A task that completes when the blob is in place.</returns>
    /// <exception cref="DigestMismatchException">The size or the digest differs.</exception>
    public static async Task WriteAsync(Descriptor blob, Stream content, string path, CancellationToken cancellationToken)
    {
        using var digest = IncrementalDigest.For(blob.Digest);
        var temp = AtomicFile.TempNameFor(path);
        try
        {
            var file = OpenTemp(temp, blob.Size);
            await using (file.ConfigureAwait(false))
            {
                await CopyAsync(content, file, digest, cancellationToken).ConfigureAwait(false);
                digest.Verify(blob.Digest, blob.Size);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            AtomicFile.TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Copies a layer to <paramref name="path"/> uncompressed: a gzip or zstd stream is decompressed on the way while its
    /// compressed bytes are hashed and checked against <paramref name="blob"/>; an uncompressed one is stored as it is.
    /// </summary>
    /// <param name="blob">The expected (compressed) digest and size.</param>
    /// <param name="content">The layer's bytes as pushed.</param>
    /// <param name="path">Where the uncompressed tar ends up.</param>
    /// <param name="cancellationToken">Cancels the write; the temporary file is removed.</param>
    /// <returns>The digest (the diff ID) and size of the uncompressed tar.</returns>
    /// <exception cref="DigestMismatchException">The pushed bytes do not match <paramref name="blob"/>.</exception>
    /// <exception cref="InvalidImageLayoutException">The layer matches its digest but is not valid in its compression.</exception>
    public static async Task<(Digest DiffId, long Size)> WriteDecompressedAsync(Descriptor blob, Stream content, string path, CancellationToken cancellationToken)
    {
        using var compressedDigest = IncrementalDigest.For(blob.Digest);
        using var uncompressedDigest = IncrementalDigest.Create(blob.Digest.Algorithm);
        var temp = AtomicFile.TempNameFor(path);
        try
        {
            var hashing = new HashingReadStream(content, compressedDigest);
            var magic = new byte[4];
            var got = await hashing.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            var kind = Compression.Detect(magic.AsSpan(0, got));
            if (kind is not (CompressionKind.None or CompressionKind.Gzip or CompressionKind.Zstd))
            {
                kind = CompressionKind.None;
            }

            var prefixed = new PrefixedStream(magic.AsMemory(0, got), hashing);
            long size;
            var file = OpenTemp(temp, 0);
            await using (file.ConfigureAwait(false))
            {
                if (kind != CompressionKind.None)
                {
                    try
                    {
                        var decompressing = Codecs.Decompress(kind, prefixed, leaveOpen: true);
                        await using (decompressing.ConfigureAwait(false))
                        {
                            await CopyAsync(decompressing, file, uncompressedDigest, cancellationToken).ConfigureAwait(false);
                        }
                    }
                    catch (Exception e) when (e is InvalidDataException or ZstdSharp.ZstdException)
                    {
                        // Corrupt compression is most often corrupt content: hash the rest so the error names the digest.
                        await prefixed.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                        compressedDigest.Verify(blob.Digest, blob.Size);
                        throw new InvalidImageLayoutException($"The layer {blob.Digest} matches its digest but is not valid {Compression.Name(kind)}: {e.Message}", e);
                    }

                    // Bytes after the compressed stream (padding) still belong to the blob and its digest.
                    await prefixed.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await CopyAsync(prefixed, file, uncompressedDigest, cancellationToken).ConfigureAwait(false);
                }

                compressedDigest.Verify(blob.Digest, blob.Size);
                size = uncompressedDigest.BytesHashed;
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            var diffId = uncompressedDigest.Complete();
            File.Move(temp, path, overwrite: true);
            return (diffId, size);
        }
        catch
        {
            AtomicFile.TryDelete(temp);
            throw;
        }
    }

    private static FileStream OpenTemp(string temp, long preallocate) =>
        new(temp, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
            BufferSize = 0,
            PreallocationSize = preallocate,
        });

    private static async Task CopyAsync(Stream source, Stream destination, IncrementalDigest digest, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                digest.Append(buffer.AsSpan(0, read));
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
