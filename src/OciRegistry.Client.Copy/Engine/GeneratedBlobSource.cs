using OciRegistry.Client.Content;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Engine;

/// <summary>
/// A source with the blobs a copy generated (the configuration of a converted schema 1 image) served from memory;
/// everything else is read from the source.
/// </summary>
internal sealed class GeneratedBlobSource(IImageSource source, IReadOnlyList<GeneratedBlob> generated) : IImageSource
{
    /// <inheritdoc/>
    public ImageStoreDescription Description => source.Description;

    /// <inheritdoc/>
    public Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default) =>
        source.ResolveAsync(reference, cancellationToken);

    /// <inheritdoc/>
    public Task<Manifest> FetchManifestAsync(string reference, CancellationToken cancellationToken = default) =>
        source.FetchManifestAsync(reference, cancellationToken);

    /// <inheritdoc/>
    public Task<BlobContent> FetchBlobAsync(Descriptor blob, long offset = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var content = generated.FirstOrDefault(g => g.Descriptor.Digest == blob.Digest)?.Content;
        if (content is not { } bytes)
        {
            return source.FetchBlobAsync(blob, offset, cancellationToken);
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, bytes.Length);
        var stream = new MemoryStream(bytes.ToArray(), writable: false) { Position = offset };
        return Task.FromResult(new BlobContent(stream, bytes.Length, offset));
    }
}
