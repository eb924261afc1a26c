using OciRegistry.Client.Content;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Transports;

/// <summary>What every on-disk source does the same way with its files.</summary>
internal static class ImageFilesExtensions
{
    /// <summary>Opens the file holding a blob, positioned at <paramref name="offset"/>, as a <see cref="BlobContent"/>.</summary>
    /// <param name="files">The image's files.</param>
    /// <param name="name">The blob's file name inside the image.</param>
    /// <param name="blob">The blob, for its digest in messages.</param>
    /// <param name="offset">Where to start reading.</param>
    /// <returns>The open blob; the caller disposes it.</returns>
    /// <exception cref="BlobNotFoundException">The file does not exist.</exception>
    public static BlobContent OpenBlob(this IImageFiles files, string name, Descriptor blob, long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var stream = files.OpenRead(name)
            ?? throw new BlobNotFoundException($"The blob {blob.Digest} is not in \"{files.DisplayName}\".");
        try
        {
            var size = stream.Length;
            ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, size);
            stream.Position = offset;
            return new BlobContent(stream, size, offset);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }
}
