using OciRegistry.Client.Content;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Engine;

/// <summary>
/// A source with one more blob than it holds: a blob the copy generated (the configuration of a converted schema 1
/// image), served from memory; everything else is read from the source.
/// </summary>
internal sealed class GeneratedBlobSource(IImageSource source, Descriptor generated, ReadOnlyMemory<byte> content) : IImageSource
{
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
        if (blob.Digest != generated.Digest)
        {
            return source.FetchBlobAsync(blob, offset, cancellationToken);
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, content.Length);
        var stream = new MemoryStream(content.ToArray(), writable: false) { Position = offset };
        return Task.FromResult(new BlobContent(stream, content.Length, offset));
    }
}
