using System.Globalization;
using System.Runtime.CompilerServices;
using OciRegistry.Client.Content;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// Reads an OCI image layout (<c>index.json</c> and <c>blobs/ALG/ENCODED</c>) from a directory or a tar archive.
/// References are resolved as containers/image does: a tag (the <c>org.opencontainers.image.ref.name</c>
/// annotation), <c>@N</c> for the N-th entry of <c>index.json</c>, a digest, or the empty string for the only entry.
/// </summary>
internal sealed class OciLayoutReader(IImageFiles files)
{
    /// <summary>The largest <c>index.json</c> read: big enough for layouts with many thousands of tags.</summary>
    public const int MaxIndexSize = 64 * 1024 * 1024;

    public IImageFiles Files => files;

    public static string BlobName(Digest digest) => $"blobs/{digest.Algorithm}/{digest.Encoded}";

    public async Task<ImageIndex> ReadIndexAsync(CancellationToken cancellationToken)
    {
        var stream = files.OpenRead("index.json")
            ?? throw new InvalidImageLayoutException($"\"{files.DisplayName}\" is not an OCI image layout: it has no index.json.");
        await using (stream.ConfigureAwait(false))
        {
            Manifest manifest;
            try
            {
                manifest = await Manifest.ReadAsync(stream, MediaTypes.OciIndex, null, MaxIndexSize, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidManifestException e)
            {
                throw new InvalidImageLayoutException($"The index.json of \"{files.DisplayName}\" is not a valid OCI index: {e.Message}", e);
            }

            return manifest.Index ?? throw new InvalidImageLayoutException($"The index.json of \"{files.DisplayName}\" is not an OCI index.");
        }
    }

    public async Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var index = await ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        if (reference.Length == 0)
        {
            return index.Manifests.Count == 1
                ? index.Manifests[0]
                : throw new InvalidImageLayoutException(index.Manifests.Count == 0
                    ? $"The OCI layout \"{files.DisplayName}\" holds no image."
                    : $"The OCI layout \"{files.DisplayName}\" holds {index.Manifests.Count} images; choose one with :TAG or :@N (tags: {string.Join(", ", index.Manifests.Select(OciRefName.Of).OfType<string>())}).");
        }

        if (reference[0] == '@' && int.TryParse(reference.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var position))
        {
            return position < index.Manifests.Count
                ? index.Manifests[position]
                : throw new ManifestNotFoundException(
                    $"The OCI layout \"{files.DisplayName}\" has no entry @{position}: its index.json lists {index.Manifests.Count}.");
        }

        if (Digest.TryParse(reference, out var digest) && digest.IsVerifiable)
        {
            if (index.Manifests.FirstOrDefault(m => m.Digest == digest) is { } listed)
            {
                return listed;
            }

            var manifest = await FetchByDigestAsync(digest, null, cancellationToken).ConfigureAwait(false);
            return manifest.Descriptor;
        }

        List<string> unsupported = [];
        foreach (var entry in index.Manifests)
        {
            if (OciRefName.Of(entry) == reference)
            {
                if (MediaTypes.IsImageManifest(entry.MediaType) || MediaTypes.IsIndex(entry.MediaType))
                {
                    return entry;
                }

                unsupported.Add(entry.MediaType);
            }
        }

        if (unsupported.Count > 0)
        {
            throw new InvalidImageLayoutException(
                $"The tag \"{reference}\" in \"{files.DisplayName}\" names content of unsupported media types: {string.Join(", ", unsupported)}.");
        }

        throw new ManifestNotFoundException($"The OCI layout \"{files.DisplayName}\" has no image tagged \"{reference}\".");
    }

    public async Task<Manifest> FetchManifestAsync(string reference, CancellationToken cancellationToken)
    {
        var descriptor = await ResolveAsync(reference, cancellationToken).ConfigureAwait(false);
        return await FetchByDigestAsync(descriptor.Digest, descriptor.MediaType, cancellationToken).ConfigureAwait(false);
    }

    public Task<BlobContent> FetchBlobAsync(Descriptor blob, long offset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(files.OpenBlob(BlobName(blob.Digest), blob, offset));
    }

    public async IAsyncEnumerable<string> ListTagsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var index = await ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        foreach (var entry in index.Manifests)
        {
            if (OciRefName.Of(entry) is { } name)
            {
                yield return name;
            }
        }
    }

    private async Task<Manifest> FetchByDigestAsync(Digest digest, string? mediaType, CancellationToken cancellationToken)
    {
        var stream = files.OpenRead(BlobName(digest))
            ?? throw new ManifestNotFoundException($"The manifest {digest} is not in \"{files.DisplayName}\".");
        await using (stream.ConfigureAwait(false))
        {
            return await Manifest.ReadAsync(stream, mediaType, digest, Manifest.DefaultMaxSize, cancellationToken).ConfigureAwait(false);
        }
    }
}
