using System.CommandLine;
using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Trust.SimpleSigning;

namespace OciRegistry.Client.Cli.Commands;

/// <summary>
/// <c>ocireg standalone-verify MANIFEST DOCKER-REFERENCE KEY-FINGERPRINTS SIGNATURE</c>: verifies a signature with the
/// user's GnuPG keyring; KEY-FINGERPRINTS is a comma-separated list.
/// </summary>
internal static class StandaloneVerifyCommand
{
    /// <summary>Creates the verb.</summary>
    /// <param name="context">The shared console and global flags.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var manifest = new Argument<string>("MANIFEST") { Description = "the manifest file" };
        var reference = new Argument<string>("DOCKER-REFERENCE") { Description = "the identity the signature must name" };
        var fingerprints = new Argument<string>("KEY-FINGERPRINTS") { Description = "comma-separated fingerprints of the accepted keys" };
        var signature = new Argument<string>("SIGNATURE") { Description = "the signature file" };
        var command = new Command("standalone-verify", "Verify a signature using local files") { manifest, reference, fingerprints, signature };
        command.SetAction((result, cancellationToken) => context.RunAsync(
            result,
            () => "Error verifying signature",
            async ct =>
            {
                var identity = ImageReference.TryParse(result.GetValue(reference), out var parsed)
                    ? parsed
                    : throw new CliUsageException($"Invalid DOCKER-REFERENCE \"{result.GetValue(reference)}\"");
                var accepted = result.GetValue(fingerprints)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (accepted.Length == 0)
                {
                    throw new CliUsageException("No KEY-FINGERPRINTS given");
                }

                var manifestBytes = await File.ReadAllBytesAsync(result.GetValue(manifest)!, ct).ConfigureAwait(false);
                var signatureBytes = await File.ReadAllBytesAsync(result.GetValue(signature)!, ct).ConfigureAwait(false);
                var (fingerprint, digest) = await StandaloneSignatures.VerifyAsync(
                    context.TrustOptions(result), manifestBytes, identity, accepted, signatureBytes, ct).ConfigureAwait(false);
                await context.Console.Out.WriteLineAsync($"Signature verified using fingerprint {fingerprint}, digest {digest}").ConfigureAwait(false);
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }
}
