using OciRegistry.Client.Trust.SimpleSigning;

namespace OciRegistry.Client.Trust.Signing;

/// <summary>
/// Makes simple signatures with GnuPG and the user's keyring (<c>GNUPGHOME</c>), as containers/image does through
/// gpgme: an OpenPGP signed message whose content is the payload naming the identity and manifest digest. The
/// passphrase, when given, goes to gpg's standard input (loopback pinentry), never into its arguments.
/// </summary>
internal sealed class SimpleSigner(TrustPolicyOptions options, string fingerprint, ReadOnlyMemory<byte> passphrase, TimeProvider time) : IImageSigner
{
    public string Kind => SimpleSigningVerifier.Kind;

    public async Task CheckAsync(CancellationToken cancellationToken) =>
        _ = await SignPayloadAsync("ocireg signing check"u8.ToArray(), cancellationToken).ConfigureAwait(false);

    public string? CannotHold(SignatureDestination destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return SimpleSignatureReader.CannotHold(destination.Location, destination.Storage);
    }

    public async Task SignAsync(SignatureDestination destination, ImageReference identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(identity);
        var payload = new SimpleSigningPayload(identity.ToString(), destination.Manifest.Digest).ToJson("ocireg", time.GetUtcNow());
        var signature = await SignPayloadAsync(payload, cancellationToken).ConfigureAwait(false);
        // Signatures already beside the image (copied from the source) are kept; the new one is appended.
        var existing = await SimpleSignatureReader.ReadAsync(
            options, destination.Location, destination.Identity ?? identity, destination.Storage.WriteBase, destination.Manifest.Digest, cancellationToken).ConfigureAwait(false);
        await SimpleSignatureReader.WriteAsync(
            destination.Location, destination.Identity ?? identity, destination.Storage, destination.Manifest.Digest, [.. existing.Select(e => e.Content), signature], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Signs bytes as an OpenPGP signed message with the key <c>fingerprint</c>.</summary>
    internal async Task<byte[]> SignPayloadAsync(byte[] payload, CancellationToken cancellationToken)
    {
        var file = System.IO.Path.Join(Directory.CreateTempSubdirectory("ocireg-sign-").FullName, "payload");
        try
        {
            await File.WriteAllBytesAsync(file, payload, cancellationToken).ConfigureAwait(false);
            List<string> arguments = ["--pinentry-mode", "loopback"];
            byte[]? input = null;
            if (!passphrase.IsEmpty)
            {
                arguments.AddRange(["--passphrase-fd", "0"]);
                input = [.. passphrase.Span, (byte)'\n'];
            }

            arguments.AddRange(["--local-user", fingerprint, "--output", "-", "--sign", file]);
            var result = await GpgProcess.RunAsync(options.GpgProgram, null, arguments, input, cancellationToken).ConfigureAwait(false);
            if (result.ExitCode == 0 && result.StatusOf("SIG_CREATED") is not null && result.Output.Length > 0)
            {
                return result.Output;
            }

            throw new SigningException($"signing with key {fingerprint}: {Explain(result)}");
        }
        finally
        {
            Directory.Delete(System.IO.Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    private static string Explain(GpgProcess.Result result)
    {
        if (result.StatusOf("BAD_PASSPHRASE") is not null || result.Errors.Contains("Bad passphrase", StringComparison.Ordinal))
        {
            return "the passphrase does not open the key";
        }

        if (result.StatusOf("MISSING_PASSPHRASE") is not null)
        {
            return "the key needs a passphrase (give it in a file)";
        }

        if (result.StatusOf("INV_SGNR") is not null || result.Errors.Contains("No secret key", StringComparison.Ordinal))
        {
            return "no such secret key in the GnuPG keyring";
        }

        // gpg's own lines never echo the passphrase.
        return result.Explanation;
    }
}
