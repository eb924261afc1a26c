using OciRegistry.Client.Content;
using OciRegistry.Client.Models;
using OciRegistry.Client.Referrers;

namespace OciRegistry.Client.Trust.Sigstore.Attachments;

/// <summary>
/// Finds an image's cosign signatures in both places cosign stores them: the attachment tagged <c>sha256-HEX.sig</c>
/// (one layer per signature) and OCI 1.1 referrers of artifact type <see cref="ReferrerArtifactType"/> (a manifest
/// whose <c>subject</c> is the image, its layers the signatures, as <c>cosign sign --registry-referrers-mode=oci-1-1</c>
/// writes them). Referrers are listed through the store's own referrers reader (<see cref="ImageStoreDescription.Referrers"/>:
/// the referrers API, or the referrers tag schema where the registry has none), filtered by that artifact type. A
/// signature found in both places (the same payload and annotations) is returned once.
/// </summary>
internal static class CosignSignatureFinder
{
    /// <summary>The most signature referrers read for one image; more is an error, not a silent cut.</summary>
    public const int MaxSignatureReferrers = 256;

    /// <summary>Gets the artifact type of a cosign signature stored as a referrer: <c>application/vnd.dev.cosign.artifact.sig.v1+json</c>.</summary>
    public static string ReferrerArtifactType { get; } = ReferrerTags.CosignArtifactType(ReferrerTags.CosignSignatureSuffix);

    /// <summary>Says where <see cref="FindAsync"/> looks for the signatures of an image in this store, for messages.</summary>
    public static string DescribePlaces(IImageSource source, Digest manifestDigest)
    {
        ArgumentNullException.ThrowIfNull(source);
        var tag = ReferrerTags.ForCosign(manifestDigest, ReferrerTags.CosignSignatureSuffix);
        return source.Description?.Referrers is null
            ? $"the cosign attachment tag {tag}"
            : $"the cosign attachment tag {tag} and the referrers of {manifestDigest} of artifact type {ReferrerArtifactType}";
    }

    /// <summary>Finds the signature layers of an image, tag first, then referrers in the store's order.</summary>
    /// <param name="source">The image's store.</param>
    /// <param name="manifestDigest">The image's manifest digest.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="SignatureStoreException">
    /// The attachment tag holds something other than an image manifest, the referrers cannot be listed, or there are
    /// more than <see cref="MaxSignatureReferrers"/> signature referrers.
    /// </exception>
    public static async Task<CosignSignatures> FindAsync(IImageSource source, Digest manifestDigest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(manifestDigest);
        var layers = new List<CosignSignatureLayer>();
        var attachment = await CosignAttachmentReader.FetchManifestAsync(source, manifestDigest, cancellationToken).ConfigureAwait(false);
        if (attachment?.Image is { } image)
        {
            var tag = ReferrerTags.ForCosign(manifestDigest, ReferrerTags.CosignSignatureSuffix);
            Add(layers, image.Layers, i => $"{tag} layer {i + 1}");
        }

        var referrers = new List<Manifest>();
        if (source.Description?.Referrers is { } lister)
        {
            foreach (var referrer in await ListAsync(lister, manifestDigest, cancellationToken).ConfigureAwait(false))
            {
                var manifest = await FetchReferrerAsync(source, referrer, manifestDigest, cancellationToken).ConfigureAwait(false);
                if (manifest?.Image is not { } signatures)
                {
                    continue;
                }

                referrers.Add(manifest);
                Add(layers, signatures.Layers, i => $"referrer {manifest.Digest} layer {i + 1}");
            }
        }

        return new CosignSignatures(attachment, referrers, layers);
    }

    private static async Task<List<Descriptor>> ListAsync(IReferrerLister lister, Digest manifestDigest, CancellationToken cancellationToken)
    {
        var filter = new ReferrerFilter { ArtifactTypes = [ReferrerArtifactType], CosignTags = false };
        var found = new List<Descriptor>();
        try
        {
            await foreach (var referrer in lister.ListReferrersAsync(manifestDigest, filter, cancellationToken).ConfigureAwait(false))
            {
                if (referrer.Kind != ReferrerKind.Subject || found.Exists(d => d.Digest == referrer.Descriptor.Digest))
                {
                    continue;
                }

                if (found.Count == MaxSignatureReferrers)
                {
                    throw new SignatureStoreException(
                        $"{manifestDigest} has more than {MaxSignatureReferrers} referrers of artifact type {ReferrerArtifactType}; they are not read. Delete the signatures no longer needed.");
                }

                found.Add(referrer.Descriptor);
            }
        }
        catch (OciRegistryException e)
        {
            throw new SignatureStoreException($"listing the signature referrers of {manifestDigest}: {e.Message}", e);
        }

        return found;
    }

    // The referrer's manifest, or null when it is not a cosign signature of this image after all: the referrers index
    // is the registry's (or, for the tag schema, any client's) word, the manifest is what counts.
    private static async Task<Manifest?> FetchReferrerAsync(IImageSource source, Descriptor referrer, Digest manifestDigest, CancellationToken cancellationToken)
    {
        Manifest manifest;
        try
        {
            manifest = await source.FetchManifestAsync(referrer.Digest.ToString(), cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            return null;
        }
        catch (OciRegistryException e)
        {
            throw new SignatureStoreException($"reading the signature referrer {referrer.Digest} of {manifestDigest}: {e.Message}", e);
        }

        return manifest.Image is { } image
            && image.Subject?.Digest == manifestDigest
            && (image.ArtifactType ?? image.Config.MediaType) == ReferrerArtifactType
            ? manifest
            : null;
    }

    private static void Add(List<CosignSignatureLayer> layers, IReadOnlyList<Descriptor> found, Func<int, string> name)
    {
        for (var i = 0; i < found.Count; i++)
        {
            var layer = found[i];
            if (!layers.Exists(l => SameSignature(l.Layer, layer)))
            {
                layers.Add(new CosignSignatureLayer(name(i), layer));
            }
        }
    }

    /// <summary>Tells whether two layers hold the same signature: the same payload blob and the same annotations.</summary>
    internal static bool SameSignature(Descriptor layer, Descriptor other) =>
        layer.MediaType == other.MediaType
        && layer.Size == other.Size
        && layer.Digest == other.Digest
        && (layer.Annotations?.Count ?? 0) == (other.Annotations?.Count ?? 0)
        && (other.Annotations ?? new Dictionary<string, string>()).All(a => layer.Annotations!.TryGetValue(a.Key, out var value) && value == a.Value);
}

/// <summary>The cosign signatures of one image.</summary>
/// <param name="Attachment">The manifest tagged <c>sha256-HEX.sig</c>, or <see langword="null"/>.</param>
/// <param name="Referrers">The signature referrers' manifests, each with the image as its subject.</param>
/// <param name="Layers">Every signature layer, each once, tag first.</param>
internal sealed record CosignSignatures(Manifest? Attachment, IReadOnlyList<Manifest> Referrers, IReadOnlyList<CosignSignatureLayer> Layers);

/// <summary>One signature layer and where it was found.</summary>
/// <param name="Name">For messages: <c>sha256-….sig layer 1</c>, <c>referrer sha256:… layer 1</c>.</param>
/// <param name="Layer">The layer: the payload blob's descriptor, the signature and certificates in its annotations.</param>
internal sealed record CosignSignatureLayer(string Name, Descriptor Layer);
