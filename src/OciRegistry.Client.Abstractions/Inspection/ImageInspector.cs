using OciRegistry.Client.Content;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Inspection;

/// <summary>
/// Reads what an image is from any <see cref="IImageSource"/> in one call: the top-level manifest, each image (the
/// one, or every instance of an index) and its config, verified against their digests. The registry client's
/// <c>InspectAsync</c> and <see cref="ImageOpener.InspectAsync"/> call it.
/// </summary>
public static class ImageInspector
{
    /// <summary>The largest config read: configs are small, and a huge one is not an image config.</summary>
    public const int MaxConfigSize = 32 * 1024 * 1024;

    /// <summary>Inspects the image <paramref name="reference"/> names in <paramref name="source"/>.</summary>
    /// <param name="source">Where the image is.</param>
    /// <param name="reference">A tag or digest in <paramref name="source"/> (empty for an on-disk source's only image).</param>
    /// <param name="tags">Lists the tags to report; <see langword="null"/> to report none.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The inspection.</returns>
    /// <exception cref="InvalidManifestException">The manifest is a Docker schema 1 manifest or not an image, or a config is larger than <see cref="MaxConfigSize"/>.</exception>
    /// <exception cref="DigestMismatchException">A config's bytes do not match its digest or size.</exception>
    /// <exception cref="NotFoundException">The image does not exist.</exception>
    public static async Task<ImageInspection> InspectAsync(IImageSource source, string reference, ITagLister? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(reference);
        var top = await source.FetchManifestAsync(reference, cancellationToken).ConfigureAwait(false);
        var images = new List<InspectedImage>();
        if (top.Index is { } index)
        {
            foreach (var entry in index.Manifests)
            {
                var manifest = await source.FetchManifestAsync(entry.Digest.ToString(), cancellationToken).ConfigureAwait(false);
                images.Add(await InspectImageAsync(source, manifest, entry.Platform, cancellationToken).ConfigureAwait(false));
            }
        }
        else
        {
            images.Add(await InspectImageAsync(source, top, null, cancellationToken).ConfigureAwait(false));
        }

        var listed = new List<string>();
        if (tags is not null)
        {
            await foreach (var tag in tags.ListTagsAsync(cancellationToken).ConfigureAwait(false))
            {
                listed.Add(tag);
            }
        }

        return new ImageInspection(top.Digest, top.MediaType, listed, images);
    }

    private static async Task<InspectedImage> InspectImageAsync(IImageSource source, Manifest manifest, Platform? listed, CancellationToken cancellationToken)
    {
        if (manifest.Image is not { } parsed)
        {
            throw new InvalidManifestException(manifest.Kind == ManifestKind.Schema1
                ? $"The manifest {manifest.Digest} is a Docker schema 1 manifest, which is not inspected; copy it with a manifest format to convert it."
                : $"The manifest {manifest.Digest} ({manifest.MediaType}) is not an image manifest.");
        }

        ImageConfig? config = null;
        if (MediaTypes.IsImageConfig(parsed.Config.MediaType))
        {
            config = ImageConfig.Parse((await ReadConfigAsync(source, parsed.Config, cancellationToken).ConfigureAwait(false)).Span);
        }

        var platform = config is { OS: { Length: > 0 } os, Architecture: { Length: > 0 } architecture }
            ? new Platform { OS = os, Architecture = architecture, Variant = config.Variant }
            : listed;
        return new InspectedImage(manifest, parsed, platform, config);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadConfigAsync(IBlobFetcher source, Descriptor blob, CancellationToken cancellationToken)
    {
        if (blob.Data is { } inline)
        {
            blob.Digest.Verify(inline.Span);
            return inline;
        }

        if (blob.Size > MaxConfigSize)
        {
            throw new InvalidManifestException($"The config {blob.Digest} is {blob.Size} bytes, more than an image config may be ({MaxConfigSize}).");
        }

        var content = await source.FetchBlobAsync(blob, 0, cancellationToken).ConfigureAwait(false);
        await using (content.ConfigureAwait(false))
        {
            var bytes = new byte[blob.Size];
            var read = 0;
            while (read < bytes.Length)
            {
                var n = await content.Stream.ReadAsync(bytes.AsMemory(read), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            var extra = read == bytes.Length ? await content.Stream.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) : 0;
            if (read != bytes.Length || extra != 0)
            {
                throw new DigestMismatchException($"The config {blob.Digest} is not {blob.Size} bytes long, as its descriptor says.");
            }

            blob.Digest.Verify(bytes);
            return bytes;
        }
    }
}
