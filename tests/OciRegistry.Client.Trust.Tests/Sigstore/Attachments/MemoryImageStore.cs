using System.IO.Pipelines;
using OciRegistry.Client.Content;
using OciRegistry.Client.Models;
using OciRegistry.Client.Referrers;

namespace OciRegistry.Client.Trust.Tests.Sigstore.Attachments;

/// <summary>
/// An image store in memory: manifests by tag and digest, blobs by digest, every push recorded, and the manifests
/// with a <c>subject</c> listed as referrers, as a registry with the referrers API lists them.
/// </summary>
internal sealed class MemoryImageStore : IImageSource, IImageDestination, IReferrerLister
{
    private readonly Dictionary<string, Manifest> _manifests = new(StringComparer.Ordinal);
    private readonly Dictionary<Digest, byte[]> _blobs = [];

    private ImageStoreDescription? _description;

    public ImageStoreDescription Description => _description ??= ImageStoreDescription.ForRegistryRepository("registry.example", "app", null).WithReferrers(this);

    public List<string> Pushes { get; } = [];

    public void AddManifest(Manifest manifest, string? tag = null)
    {
        _manifests[manifest.Digest.ToString()] = manifest;
        if (tag is not null)
        {
            _manifests[tag] = manifest;
        }
    }

    public void AddBlob(byte[] content) => _blobs[Digest.Compute(content)] = content;

    public Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(reference).Descriptor);

    public Task<Manifest> FetchManifestAsync(string reference, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(reference));

    public Task<BlobContent> FetchBlobAsync(Descriptor blob, long offset = 0, CancellationToken cancellationToken = default) =>
        _blobs.TryGetValue(blob.Digest, out var content)
            ? Task.FromResult(new BlobContent(new MemoryStream(content, (int)offset, content.Length - (int)offset), content.Length, offset))
            : throw new BlobNotFoundException($"blob {blob.Digest} not found");

    public Task<bool> BlobExistsAsync(Descriptor blob, CancellationToken cancellationToken = default) =>
        Task.FromResult(_blobs.ContainsKey(blob.Digest));

    public async Task PushBlobAsync(Descriptor blob, PipeReader content, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        blob.Digest.Verify(bytes);
        _blobs[blob.Digest] = bytes;
        Pushes.Add($"blob {blob.Digest}");
    }

    public Task<Descriptor> PushManifestAsync(Manifest manifest, string? tag = null, CancellationToken cancellationToken = default)
    {
        AddManifest(manifest, tag);
        Pushes.Add($"manifest {tag ?? manifest.Digest.ToString()}");
        return Task.FromResult(manifest.Descriptor);
    }

    private Manifest Find(string reference) =>
        _manifests.TryGetValue(reference, out var manifest) ? manifest : throw new ManifestNotFoundException($"manifest {reference} not found");

    public async IAsyncEnumerable<Referrer> ListReferrersAsync(
        Digest subject, ReferrerFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var (key, manifest) in _manifests.Where(m => m.Key == m.Value.Digest.ToString()).OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (manifest.Image is { Subject: { } referred } image && referred.Digest == subject)
            {
                var artifactType = image.ArtifactType ?? image.Config.MediaType;
                if (filter.Accepts(artifactType))
                {
                    yield return new Referrer(manifest.Descriptor with { ArtifactType = artifactType }, ReferrerKind.Subject);
                }
            }
        }
    }
}
