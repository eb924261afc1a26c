using OciRegistry.Client.Trust.Signatures;
using OciRegistry.Client.Trust.Verification;

namespace OciRegistry.Client.Trust.SimpleSigning;

/// <summary>Finds the simple signatures of an image: a <c>dir:</c> image's <c>signature-N</c> files, else the lookaside of a registry image.</summary>
internal static class SimpleSignatureReader
{
    public static Task<IReadOnlyList<(string Name, byte[] Content)>> ReadAsync(TrustPolicyOptions options, SignatureSubject subject, CancellationToken cancellationToken) =>
        ReadAsync(options, subject.Image.Location, subject.Identity, subject.Storage.Lookaside, subject.ManifestDigest, cancellationToken);

    public static async Task<IReadOnlyList<(string Name, byte[] Content)>> ReadAsync(
        TrustPolicyOptions options, ImageLocation? location, ImageReference? identity, Uri? lookaside, Digest manifestDigest, CancellationToken cancellationToken)
    {
        using var store = new LookasideStore(options.MaxSignatureSize, options.SignatureDownloadTimeout);
        var found = new List<(string, byte[])>();
        if (location is { Transport: ImageTransport.Directory, Path: { } directory })
        {
            await foreach (var signature in store.ReadDirectoryAsync(directory, cancellationToken).ConfigureAwait(false))
            {
                found.Add(signature);
            }
        }
        else if (lookaside is not null && identity is not null)
        {
            await foreach (var signature in store.ReadAsync(lookaside, identity, manifestDigest, cancellationToken).ConfigureAwait(false))
            {
                found.Add(signature);
            }
        }

        return found;
    }

    /// <summary>Why simple signatures cannot be written beside an image, or <see langword="null"/> when they can.</summary>
    public static string? CannotHold(ImageLocation location, SignatureStorage storage) => location.Transport switch
    {
        ImageTransport.Directory => null,
        ImageTransport.Registry when storage.WriteBase is null =>
            $"no lookaside-staging or lookaside is configured in registries.d for {location.RegistryReference!.Name}",
        ImageTransport.Registry when !storage.WriteBase!.IsFile =>
            $"the lookaside-staging {storage.WriteBase.GetLeftPart(UriPartial.Path)} is not a file:// URL, the only kind signatures are written to",
        ImageTransport.Registry => null,
        _ => $"{location.Transport switch { ImageTransport.OciLayout => "an OCI layout", ImageTransport.OciArchive => "an OCI archive", _ => "a docker archive" }} cannot hold simple signatures",
    };

    /// <summary>Writes the signatures of an image beside it, replacing what was there.</summary>
    public static Task WriteAsync(ImageLocation location, ImageReference? identity, SignatureStorage storage, Digest manifestDigest, IReadOnlyList<byte[]> signatures, CancellationToken cancellationToken)
    {
        if (CannotHold(location, storage) is { } reason)
        {
            throw new SignatureStoreException($"cannot write signatures for {location}: {reason}");
        }

        return location.Transport == ImageTransport.Directory
            ? LookasideStore.WriteDirectoryAsync(location.Path!, signatures, cancellationToken)
            : LookasideStore.WriteAsync(storage.WriteBase!, identity ?? location.RegistryReference!, manifestDigest, signatures, cancellationToken);
    }
}
