using OciRegistry.Client.Content;
using OciRegistry.Client.Trust.Signing;
using OciRegistry.Client.Trust.Sigstore.Attachments;

namespace OciRegistry.Client.Trust.Sigstore;

/// <summary>
/// Carries an image's sigstore signatures to the copy's destination, each in the form it has in the source: the layers
/// of the cosign attachment tag appended to the destination's attachment, and signature referrers copied as they are
/// (same bytes, same digest, the destination's referrers list updated by the push). As containers/image does, this
/// happens when the source's registries.d entry has <c>use-sigstore-attachments: true</c>; without it, the source's
/// signatures are not read, so a copy costs no extra request and an image copied to a layout does not fail for
/// signatures nobody asked about.
/// </summary>
internal sealed class SigstoreAttachmentCopier(TrustPolicyOptions options) : ISignatureCopier
{
    public string Kind => SigstoreRequirementVerifier.Kind;

    /// <summary>Why a destination cannot hold cosign attachments, or <see langword="null"/> when it can.</summary>
    internal static string? CannotHoldAttachments(SignatureDestination destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.Store.Description.IsRegistryRepository)
        {
            return $"{destination.Location} cannot hold sigstore signatures (they are stored as cosign attachments in a registry)";
        }

        return destination.Store is IImageSource
            ? null
            : $"{destination.Location} cannot be read back to add sigstore signatures to its cosign attachment";
    }

    public async Task<int> CountAsync(SignatureSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return (await FindAsync(source, cancellationToken).ConfigureAwait(false)).Layers.Count;
    }

    public string? CannotHold(SignatureDestination destination) => CannotHoldAttachments(destination);

    public async Task<int> CopyAsync(SignatureSource source, SignatureDestination destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var found = await FindAsync(source, cancellationToken).ConfigureAwait(false);
        if (found.Layers.Count == 0)
        {
            return 0;
        }

        if (CannotHold(destination) is { } reason)
        {
            throw new SignatureStoreException(reason);
        }

        // Signatures name the manifest digest; a copy that changed the manifest (a format conversion) invalidates them.
        if (destination.Manifest.Digest != source.Manifest.Digest)
        {
            throw new SignatureStoreException(
                $"the copy changed the manifest digest ({source.Manifest.Digest} to {destination.Manifest.Digest}), so its sigstore signatures would not apply; copy without converting or with --remove-signatures");
        }

        var attached = new List<SigstoreSignature>();
        foreach (var layer in found.Attachment?.Image?.Layers ?? [])
        {
            attached.Add(await CosignAttachmentReader.ReadSignatureAsync(source.Store, layer, options.MaxSignatureSize, cancellationToken).ConfigureAwait(false)
                ?? throw new SignatureStoreException($"a sigstore attachment layer of {source.Location} is {layer.Size} bytes, more than the {options.MaxSignatureSize} read"));
        }

        if (attached.Count > 0)
        {
            await CosignAttachmentWriter.AppendAsync(destination.Store, (IImageSource)destination.Store, destination.Manifest.Digest, attached, cancellationToken).ConfigureAwait(false);
        }

        foreach (var referrer in found.Referrers)
        {
            await CosignReferrerWriter.CopyAsync(source.Store, destination.Store, referrer, options.MaxSignatureSize, cancellationToken).ConfigureAwait(false);
        }

        return found.Layers.Count;
    }

    private static async Task<CosignSignatures> FindAsync(SignatureSource source, CancellationToken cancellationToken) =>
        source.Storage.UseSigstoreAttachments
            ? await CosignSignatureFinder.FindAsync(source.Store, source.Manifest.Digest, cancellationToken).ConfigureAwait(false)
            : new CosignSignatures(null, [], []);
}
