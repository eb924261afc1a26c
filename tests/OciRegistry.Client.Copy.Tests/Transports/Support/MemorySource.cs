using OciRegistry.Client.Content;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Tests.Transports.Support;

/// <summary>A <see cref="TestImage"/> served as an image source: the top-level manifest under any non-digest reference.</summary>
internal sealed class MemorySource(TestImage image) : IImageSource
{
    public ImageStoreDescription Description => ImageStoreDescription.Default;

    public Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(reference).Descriptor);

    public Task<Manifest> FetchManifestAsync(string reference, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(reference));

    public Task<BlobContent> FetchBlobAsync(Descriptor blob, long offset = 0, CancellationToken cancellationToken = default)
    {
        var bytes = image.Blobs.TryGetValue(blob.Digest, out var b) ? b : throw new BlobNotFoundException(blob.Digest.ToString());
        return Task.FromResult(new BlobContent(new MemoryStream(bytes, (int)offset, bytes.Length - (int)offset), bytes.Length, offset));
    }

    private Manifest Find(string reference) =>
        Digest.TryParse(reference, out var digest)
            ? image.Manifests.TryGetValue(digest, out var m) ? m : throw new ManifestNotFoundException(reference)
            : image.Manifest;
}
