using OciRegistry.Client.Trust.Verification;

namespace OciRegistry.Client.Trust.SimpleSigning;

/// <summary>Finds the simple signatures of an image: a <c>dir:</c> image's <c>signature-N</c> files, else the lookaside of a registry image.</summary>
internal static class SimpleSignatureReader
{
    public static async Task<IReadOnlyList<(string Name, byte[] Content)>> ReadAsync(TrustPolicyOptions options, SignatureSubject subject, CancellationToken cancellationToken)
    {
        using var store = new Signatures.LookasideStore(options.MaxSignatureSize, options.SignatureDownloadTimeout);
        var found = new List<(string, byte[])>();
        if (subject.Image.Location is { Transport: ImageTransport.Directory, Path: { } directory })
        {
            await foreach (var signature in store.ReadDirectoryAsync(directory, cancellationToken).ConfigureAwait(false))
            {
                found.Add(signature);
            }
        }
        else if (subject.Storage.Lookaside is { } lookaside && subject.Identity is { } identity)
        {
            await foreach (var signature in store.ReadAsync(lookaside, identity, subject.ManifestDigest, cancellationToken).ConfigureAwait(false))
            {
                found.Add(signature);
            }
        }

        return found;
    }
}
