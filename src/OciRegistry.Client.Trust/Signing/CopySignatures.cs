using OciRegistry.Client.Models;
using OciRegistry.Client.Trust.Signatures;
using OciRegistry.Client.Trust.Sigstore;
using OciRegistry.Client.Trust.Verification;

namespace OciRegistry.Client.Trust.Signing;

/// <summary>
/// The signatures of one copy: those the source has, carried to the destination unless removed, and the new ones the
/// signers make. <see cref="PrepareAsync"/> runs before anything is written and refuses what cannot succeed (a
/// destination that cannot hold signatures, a copy that writes another manifest than the one signed, a key that does
/// not open); <see cref="CompleteAsync"/> runs after the manifest is written.
/// </summary>
internal sealed class CopySignatures
{
    private readonly SignatureSource _source;
    private readonly ImageLocation _destination;
    private readonly Content.IImageDestination _destinationStore;
    private readonly SignatureStorage _destinationStorage;
    private readonly IReadOnlyList<ISignatureCopier> _copiers;
    private readonly IReadOnlyList<IImageSigner> _signers;

    private CopySignatures(SignatureSource source, ImageLocation destination, Content.IImageDestination destinationStore, SignatureStorage destinationStorage, IReadOnlyList<ISignatureCopier> copiers, IReadOnlyList<IImageSigner> signers)
    {
        _source = source;
        _destination = destination;
        _destinationStore = destinationStore;
        _destinationStorage = destinationStorage;
        _copiers = copiers;
        _signers = signers;
    }

    /// <summary>Gets how many signatures the source has that are to be copied.</summary>
    public int SourceSignatures { get; private set; }

    /// <summary>Checks the signers and the source's signatures against the destination, before the copy.</summary>
    /// <param name="context">Options, loggers, clock.</param>
    /// <param name="registries">Where signatures live.</param>
    /// <param name="source">The opened source.</param>
    /// <param name="sourceManifest">The source's resolved top-level manifest.</param>
    /// <param name="destination">The opened destination.</param>
    /// <param name="removeSignatures">Drop the source's signatures instead of copying them.</param>
    /// <param name="writesOtherManifest">The copy writes another top-level manifest than the source's (a format conversion, one instance of an index), which would invalidate copied signatures.</param>
    /// <param name="signers">The new signatures to make.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <exception cref="SigningException">The copy's signatures cannot be honoured; the message says why.</exception>
    public static async Task<CopySignatures> PrepareAsync(
        TrustContext context,
        RegistriesConfiguration registries,
        ImageSourceHandle source,
        Manifest sourceManifest,
        ImageDestinationHandle destination,
        bool removeSignatures,
        bool writesOtherManifest,
        IReadOnlyList<IImageSigner> signers,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(registries);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var signatureSource = new SignatureSource(source.Location, source.Source, sourceManifest, IdentityOf(source.Location), registries.For(source.Location));
        var destinationStorage = registries.For(destination.Location);
        var planned = new SignatureDestination(destination.Location, destination.Destination, sourceManifest.Descriptor, IdentityOf(destination.Location), destinationStorage);
        foreach (var signer in signers)
        {
            if (signer.CannotHold(planned) is { } reason)
            {
                throw new SigningException($"cannot sign {destination.Location}: {reason}");
            }

            await signer.CheckAsync(cancellationToken).ConfigureAwait(false);
        }

        List<ISignatureCopier> copiers = [];
        var count = 0;
        if (!removeSignatures)
        {
            IEnumerable<ISignatureCopier?> all = [new SimpleSignatureCopier(context.Options), SigstoreSignatures.CreateCopier(context)];
            foreach (var copier in all.OfType<ISignatureCopier>())
            {
                var found = await copier.CountAsync(signatureSource, cancellationToken).ConfigureAwait(false);
                if (found == 0)
                {
                    continue;
                }

                if (copier.CannotHold(planned) is { } reason)
                {
                    throw new SigningException($"cannot copy signatures to {destination.Location}: {reason}");
                }

                if (writesOtherManifest)
                {
                    throw new SigningException($"cannot copy signatures of {source.Location}: the copy writes another manifest than the one they sign, which would invalidate them");
                }

                copiers.Add(copier);
                count += found;
            }
        }

        return new CopySignatures(signatureSource, destination.Location, destination.Destination, destinationStorage, copiers, signers) { SourceSignatures = count };
    }

    /// <summary>Copies the source's signatures and makes the new ones, once the manifest is written.</summary>
    /// <param name="written">The top-level manifest written.</param>
    /// <param name="signIdentity">The identity new signatures name; <see langword="null"/> for the destination's reference.</param>
    /// <param name="cancellationToken">Stops writing.</param>
    /// <returns>How many signatures were copied and how many made.</returns>
    /// <exception cref="SigningException">New signatures are asked for but the destination has no Docker reference to name and none was given.</exception>
    public async Task<(int Copied, int Signed)> CompleteAsync(Descriptor written, ImageReference? signIdentity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(written);
        var destination = new SignatureDestination(_destination, _destinationStore, written, IdentityOf(_destination), _destinationStorage);
        var copied = 0;
        foreach (var copier in _copiers)
        {
            copied += await copier.CopyAsync(_source, destination, cancellationToken).ConfigureAwait(false);
        }

        foreach (var signer in _signers)
        {
            var identity = signIdentity ?? destination.Identity
                ?? throw new SigningException($"cannot sign {_destination}: it has no Docker reference for the signature to name; give a signing identity");
            await signer.SignAsync(destination, identity, cancellationToken).ConfigureAwait(false);
        }

        return (copied, _signers.Count);
    }

    private static ImageReference? IdentityOf(ImageLocation location) => Policy.PolicyScopes.For(location).Identity;
}
