using System.CommandLine;
using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Cli.Options;
using OciRegistry.Client.Trust.SimpleSigning;

namespace OciRegistry.Client.Cli.Commands;

/// <summary><c>ocireg standalone-sign MANIFEST DOCKER-REFERENCE KEY-FINGERPRINT --output SIGNATURE [--passphrase-file PATH]</c>.</summary>
internal static class StandaloneSignCommand
{
    /// <summary>Creates the verb.</summary>
    /// <param name="context">The shared console and global flags.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var manifest = new Argument<string>("MANIFEST") { Description = "the manifest file" };
        var reference = new Argument<string>("DOCKER-REFERENCE") { Description = "the identity the signature names" };
        var fingerprint = new Argument<string>("KEY-FINGERPRINT") { Description = "the GnuPG key to sign with" };
        var output = new Option<string>("--output", "-o") { Description = "output the signature to SIGNATURE", HelpName = "SIGNATURE", Required = true };
        var passphraseFile = new Option<string>("--passphrase-file") { Description = "file that contains a passphrase for the --sign-by key", HelpName = "string" };
        var command = new Command("standalone-sign", "Create a signature using local files") { manifest, reference, fingerprint, output, passphraseFile };
        command.SetAction((result, cancellationToken) => context.RunAsync(
            result,
            () => "Error creating signature",
            async ct =>
            {
                var identity = ImageReference.TryParse(result.GetValue(reference), out var parsed)
                    ? parsed
                    : throw new CliUsageException($"Invalid DOCKER-REFERENCE \"{result.GetValue(reference)}\"");
                var bytes = await File.ReadAllBytesAsync(result.GetValue(manifest)!, ct).ConfigureAwait(false);
                var passphrase = SigningFlags.ReadPassphrase(result.GetValue(passphraseFile));
                var signature = await StandaloneSignatures.SignAsync(
                    context.TrustOptions(result), bytes, identity, result.GetValue(fingerprint)!, passphrase, TimeProvider.System, ct).ConfigureAwait(false);
                await File.WriteAllBytesAsync(result.GetValue(output)!, signature, ct).ConfigureAwait(false);
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }
}
