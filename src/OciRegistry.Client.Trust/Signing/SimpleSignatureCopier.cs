using OciRegistry.Client.Trust.SimpleSigning;

namespace OciRegistry.Client.Trust.Signing;

/// <summary>Copies simple signatures from a source image's lookaside (or <c>dir:</c>) to the destination's lookaside-staging (or <c>dir:</c>), unchanged.</summary>
internal sealed class SimpleSignatureCopier(TrustPolicyOptions options) : ISignatureCopier
{
    public string Kind => SimpleSigningVerifier.Kind;

    public async Task<int> CountAsync(SignatureSource source, CancellationToken cancellationToken) =>
        (await ReadAsync(source, cancellationToken).ConfigureAwait(false)).Count;

    public string? CannotHold(SignatureDestination destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return SimpleSignatureReader.CannotHold(destination.Location, destination.Storage);
    }

    public async Task<int> CopyAsync(SignatureSource source, SignatureDestination destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var signatures = await ReadAsync(source, cancellationToken).ConfigureAwait(false);
        if (signatures.Count == 0)
        {
            return 0;
        }

        await SimpleSignatureReader.WriteAsync(
            destination.Location, destination.Identity, destination.Storage, destination.Manifest.Digest, [.. signatures.Select(s => s.Content)], cancellationToken).ConfigureAwait(false);
        return signatures.Count;
    }

    private Task<IReadOnlyList<(string Name, byte[] Content)>> ReadAsync(SignatureSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return SimpleSignatureReader.ReadAsync(options, source.Location, source.Identity, source.Storage.Lookaside, source.Manifest.Digest, cancellationToken);
    }
}
