namespace OciRegistry.Client.Content;

/// <summary>
/// An open blob body: a stream to read from, the blob's total size, and the offset the stream starts at (non-zero
/// when a transfer resumes). Disposing it closes the stream and whatever connection or file it reads from.
/// </summary>
public sealed class BlobContent : IAsyncDisposable, IDisposable
{
    /// <summary>Wraps an open stream.</summary>
    /// <param name="stream">The stream positioned at <paramref name="offset"/> of the blob.</param>
    /// <param name="size">The blob's total size in bytes.</param>
    /// <param name="offset">Where in the blob the stream starts.</param>
    public BlobContent(Stream stream, long size, long offset = 0)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, size);
        Stream = stream;
        Size = size;
        Offset = offset;
    }

    /// <summary>Gets the stream of the blob's bytes from <see cref="Offset"/> on.</summary>
    public Stream Stream { get; }

    /// <summary>Gets the blob's total size in bytes.</summary>
    public long Size { get; }

    /// <summary>Gets the offset in the blob at which <see cref="Stream"/> starts.</summary>
    public long Offset { get; }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => Stream.DisposeAsync();

    /// <inheritdoc/>
    public void Dispose() => Stream.Dispose();
}
