using OciRegistry.Client.Content;
using OciRegistry.Client.Trust.Signing;
using OciRegistry.Client.Trust.Sigstore.Attachments;
using OciRegistry.Client.Trust.Sigstore.Keys;

namespace OciRegistry.Client.Trust.Sigstore;

/// <summary>
/// Signs copied images with a cosign key file (<c>--sign-by-sigstore-private-key</c>): the payload names the identity
/// and the written manifest's digest, the ECDSA signature goes into the layer's
/// <see cref="SigstoreAnnotations.Signature"/> annotation, and the layer is stored in the destination registry as
/// <paramref name="storage"/> says: appended to the image's cosign attachment tag, or pushed as an OCI 1.1 referrer of
/// its own. No Fulcio certificate and no Rekor upload: signing is offline.
/// </summary>
internal sealed class SigstoreSigner(string privateKeyPath, ReadOnlyMemory<byte> passphrase, SigstoreSignatureStorage storage, TimeProvider time) : IImageSigner
{
    /// <summary>What signature payloads name as their creator.</summary>
    public const string Creator = "OciRegistry.Client";

    public string Kind => SigstoreRequirementVerifier.Kind;

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        using var key = await LoadKeyAsync(cancellationToken).ConfigureAwait(false);
    }

    public string? CannotHold(SignatureDestination destination) => SigstoreAttachmentCopier.CannotHoldAttachments(destination);

    public async Task SignAsync(SignatureDestination destination, ImageReference identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(identity);
        if (CannotHold(destination) is { } reason)
        {
            throw new SigningException(reason);
        }

        using var key = await LoadKeyAsync(cancellationToken).ConfigureAwait(false);
        var payload = new SigstorePayload(identity.ToString(), destination.Manifest.Digest, Creator, time.GetUtcNow().ToUnixTimeSeconds()).ToJson();
        var signature = new SigstoreSignature(
            SigstoreMediaTypes.SimpleSigningPayload,
            payload,
            new Dictionary<string, string> { [SigstoreAnnotations.Signature] = Convert.ToBase64String(key.SignData(payload)) });
        if (storage == SigstoreSignatureStorage.Referrer)
        {
            await CosignReferrerWriter.WriteAsync(destination.Store, destination.Manifest, signature, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            return;
        }

        await CosignAttachmentWriter.AppendAsync(
            destination.Store, (IImageSource)destination.Store, destination.Manifest.Digest, [signature], cancellationToken).ConfigureAwait(false);
    }

    private async Task<SigstorePrivateKey> LoadKeyAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await SigstorePrivateKey.LoadAsync(privateKeyPath, passphrase, cancellationToken).ConfigureAwait(false);
        }
        catch (SigstoreKeyException e)
        {
            throw new SigningException($"signing with sigstore private key: {e.Message}", e);
        }
    }
}
