using OciRegistry.Client.Content;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Trust.Sigstore.Attachments;

/// <summary>
/// Writes cosign signatures as OCI 1.1 referrers and copies the ones a source has. A new signature is a manifest of
/// its own, as cosign writes it: <c>artifactType</c> <see cref="CosignSignatureFinder.ReferrerArtifactType"/>, the empty
/// config, the payload as its one layer (the signature and certificates in the layer's annotations, as in the
/// attachment tag), the image as its <c>subject</c>, and an <c>org.opencontainers.image.created</c> annotation. It is
/// pushed by digest; the repository's manifest push keeps the referrers list (<c>OCI-Subject</c>, or the referrers
/// tag schema's index where the registry has no referrers API).
/// </summary>
internal static class CosignReferrerWriter
{
    /// <summary>The annotation with the time a referrer was made (RFC 3339).</summary>
    public const string CreatedAnnotation = "org.opencontainers.image.created";

    /// <summary>Writes one signature of the manifest <paramref name="subject"/> as a referrer; returns the referrer.</summary>
    public static async Task<Manifest> WriteAsync(
        IImageDestination destination, Descriptor subject, SigstoreSignature signature, DateTimeOffset created, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(signature);
        var payload = signature.Payload.ToArray();
        var layer = Descriptor.FromContent(signature.MediaType, payload) with
        {
            Annotations = new Dictionary<string, string>(signature.Annotations, StringComparer.Ordinal),
        };
        var config = Descriptor.Empty;
        await CosignAttachmentWriter.PushAsync(destination, config, config.Data!.Value.ToArray(), cancellationToken).ConfigureAwait(false);
        await CosignAttachmentWriter.PushAsync(destination, layer, payload, cancellationToken).ConfigureAwait(false);
        var manifest = Manifest.Create(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            ArtifactType = CosignSignatureFinder.ReferrerArtifactType,
            Config = config,
            Layers = [layer],
            Subject = new Descriptor { MediaType = subject.MediaType, Digest = subject.Digest, Size = subject.Size },
            Annotations = new Dictionary<string, string>
            {
                [CreatedAnnotation] = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            },
        });
        await destination.PushManifestAsync(manifest, null, cancellationToken).ConfigureAwait(false);
        return manifest;
    }

    /// <summary>
    /// Copies a signature referrer as it is (its bytes, so its digest): the blobs the destination lacks, each read only
    /// up to <paramref name="maximumBlobSize"/>, then the manifest, unless the destination has it already.
    /// </summary>
    /// <exception cref="SignatureStoreException">A blob is larger than allowed, missing from the source, or does not match its digest.</exception>
    public static async Task CopyAsync(
        IImageSource source, IImageDestination destination, Manifest referrer, long maximumBlobSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(referrer);
        var image = referrer.Image ?? throw new SignatureStoreException($"the signature referrer {referrer.Digest} is a {referrer.MediaType}, not an image manifest");
        if (destination is IImageSource existing && await HasManifestAsync(existing, referrer.Digest, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        foreach (var blob in image.Layers.Prepend(image.Config))
        {
            if (await destination.BlobExistsAsync(blob, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var content = await CosignAttachmentReader.ReadBlobAsync(source, blob, maximumBlobSize, cancellationToken).ConfigureAwait(false)
                ?? throw new SignatureStoreException($"a blob of the signature referrer {referrer.Digest} is {blob.Size} bytes, more than the {maximumBlobSize} read");
            await CosignAttachmentWriter.PushAsync(destination, blob, content, cancellationToken).ConfigureAwait(false);
        }

        await destination.PushManifestAsync(referrer, null, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> HasManifestAsync(IImageSource store, Digest digest, CancellationToken cancellationToken)
    {
        try
        {
            await store.ResolveAsync(digest.ToString(), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }
}
