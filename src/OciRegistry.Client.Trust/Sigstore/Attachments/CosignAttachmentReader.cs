using OciRegistry.Client.Content;
using OciRegistry.Client.Models;
using OciRegistry.Client.Referrers;

namespace OciRegistry.Client.Trust.Sigstore.Attachments;

/// <summary>
/// Reads cosign's signature attachment of an image: the manifest tagged <c>sha256-HEX.sig</c> (<see cref="ReferrerTags.ForCosign"/>) in the
/// image's repository, whose layers are the signatures (a payload blob each, the signature and certificates in the
/// layer's annotations). Kept to what signature verification and copying need; a general referrers reader can take it
/// over.
/// </summary>
internal static class CosignAttachmentReader
{
    /// <summary>Fetches the attachment manifest, or <see langword="null"/> when the image has none.</summary>
    /// <exception cref="SignatureStoreException">The tag names something that is not an image manifest.</exception>
    public static async Task<Manifest?> FetchManifestAsync(IImageSource source, Digest manifestDigest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var tag = ReferrerTags.ForCosign(manifestDigest, ReferrerTags.CosignSignatureSuffix);
        Manifest manifest;
        try
        {
            manifest = await source.FetchManifestAsync(tag, cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            return null;
        }

        return manifest.Image is null
            ? throw new SignatureStoreException($"the sigstore attachment {tag} is a {manifest.MediaType}, not an image manifest")
            : manifest;
    }

    /// <summary>Reads one attachment layer's payload, refusing layers larger than <paramref name="maximumSize"/> unread.</summary>
    /// <returns>The signature, or <see langword="null"/> when the layer is larger than allowed.</returns>
    /// <exception cref="SignatureStoreException">The blob cannot be read or does not match its digest.</exception>
    public static async Task<SigstoreSignature?> ReadSignatureAsync(IImageSource source, Descriptor layer, long maximumSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var payload = await ReadBlobAsync(source, layer, maximumSize, cancellationToken).ConfigureAwait(false);
        return payload is null ? null : new SigstoreSignature(layer.MediaType, payload, layer.Annotations ?? new Dictionary<string, string>());
    }

    /// <summary>Reads one blob of a signature manifest whole, refusing blobs larger than <paramref name="maximumSize"/> unread.</summary>
    /// <returns>The bytes, checked against the descriptor's digest and size, or <see langword="null"/> when the blob is larger than allowed.</returns>
    /// <exception cref="SignatureStoreException">The blob cannot be read or does not match its digest.</exception>
    public static async Task<byte[]?> ReadBlobAsync(IImageSource source, Descriptor blob, long maximumSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(blob);
        if (blob.Size < 0 || blob.Size > maximumSize)
        {
            return null;
        }

        var bytes = new byte[blob.Size];
        try
        {
            var content = await source.FetchBlobAsync(blob, 0, cancellationToken).ConfigureAwait(false);
            await using (content.ConfigureAwait(false))
            {
                await content.Stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);

                // One byte more than the descriptor says means the blob is not the one named.
                var extra = new byte[1];
                if (await content.Stream.ReadAsync(extra, cancellationToken).ConfigureAwait(false) != 0)
                {
                    throw new SignatureStoreException($"the sigstore signature blob {blob.Digest} is longer than its descriptor's {blob.Size} bytes");
                }
            }

            blob.Digest.Verify(bytes);
        }
        catch (Exception e) when (e is EndOfStreamException or DigestMismatchException or NotFoundException or IOException)
        {
            throw new SignatureStoreException($"reading the sigstore signature blob {blob.Digest}: {e.Message}", e);
        }

        return bytes;
    }
}
