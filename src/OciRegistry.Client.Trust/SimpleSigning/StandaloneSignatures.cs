namespace OciRegistry.Client.Trust.SimpleSigning;

/// <summary>
/// Simple signatures of a manifest file, outside any image store: signing with a key of the user's GnuPG keyring,
/// and verifying against the user's keyring, a list of accepted fingerprints and an exact Docker reference.
/// </summary>
internal static class StandaloneSignatures
{
    /// <summary>Signs a manifest for a reference.</summary>
    public static Task<byte[]> SignAsync(TrustPolicyOptions options, ReadOnlyMemory<byte> manifest, ImageReference identity, string fingerprint, ReadOnlyMemory<byte> passphrase, TimeProvider time, CancellationToken cancellationToken)
    {
        var payload = new SimpleSigningPayload(identity.ToString(), Digest.Compute(manifest.Span)).ToJson("ocireg", time.GetUtcNow());
        return new Signing.SimpleSigner(options, fingerprint, passphrase, time).SignPayloadAsync(payload, cancellationToken);
    }

    /// <summary>Verifies a signature of a manifest; returns the signing key's fingerprint and the manifest digest.</summary>
    /// <exception cref="ImageRejectedException">The signature is invalid, by another key, for another reference or another manifest.</exception>
    public static async Task<(string Fingerprint, Digest Digest)> VerifyAsync(
        TrustPolicyOptions options, ReadOnlyMemory<byte> manifest, ImageReference identity, IReadOnlyCollection<string> fingerprints, byte[] signature, CancellationToken cancellationToken)
    {
        var result = await GpgProcess.RunAsync(options.GpgProgram, null, ["--trust-model", "always", "--decrypt"], signature, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0 || result.StatusOf("VALIDSIG") is not { Length: > 0 } valid || result.StatusOf("EXPKEYSIG") is not null || result.StatusOf("REVKEYSIG") is not null)
        {
            var reason = result.StatusOf("NO_PUBKEY") is { Length: > 0 } missing ? $"signed by a key not in the keyring ({missing[0]})"
                : result.StatusOf("BADSIG") is not null ? "the signature does not match its content (tampered)"
                : $"not a valid signature ({result.Explanation})";
            throw new ImageRejectedException(reason);
        }

        var signer = valid[^1];
        if (!fingerprints.Contains(signer, StringComparer.OrdinalIgnoreCase) && !fingerprints.Contains(valid[0], StringComparer.OrdinalIgnoreCase))
        {
            throw new ImageRejectedException($"signed by {signer}, which is not among the accepted fingerprints");
        }

        SimpleSigningPayload payload;
        try
        {
            payload = SimpleSigningPayload.Parse(result.Output);
        }
        catch (FormatException e)
        {
            throw new ImageRejectedException($"invalid signature payload: {e.Message}");
        }

        if (!payload.ManifestDigest.IsVerifiable || !payload.ManifestDigest.Matches(manifest.Span))
        {
            throw new ImageRejectedException($"signed for another digest ({payload.ManifestDigest}, the manifest is {Digest.Compute(manifest.Span)})");
        }

        if (!ImageReference.TryParse(payload.DockerReference, out var signed) || !string.Equals(signed.ToString(), identity.ToString(), StringComparison.Ordinal))
        {
            throw new ImageRejectedException($"signed for another identity ({payload.DockerReference}, expected {identity})");
        }

        return (signer, payload.ManifestDigest);
    }
}
