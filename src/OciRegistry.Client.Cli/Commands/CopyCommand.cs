using System.CommandLine;
using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Cli.Images;
using OciRegistry.Client.Cli.Options;
using OciRegistry.Client.Cli.Progress;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Trust;
using OciRegistry.Client.Trust.Signing;
using OciRegistry.Client.Copy.Transports;

namespace OciRegistry.Client.Cli.Commands;

/// <summary>
/// <c>ocireg copy [--all] [--multi-arch M] [--preserve-digests] [--format F] [--digestfile PATH] [--quiet]
/// [--retry-times N] [--retry-delay D] [--image-parallel-copies N] [--platform P] SOURCE-IMAGE DESTINATION-IMAGE</c>,
/// with <c>--src-*</c> and <c>--dest-*</c> access flags and <c>--src-shared-blob-dir</c>/<c>--dest-shared-blob-dir</c>.
/// </summary>
internal static class CopyCommand
{
    /// <summary>Creates the verb.</summary>
    /// <param name="context">The shared console and global flags.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sourceArgument = new Argument<string>("SOURCE-IMAGE") { Description = "the image to copy" };
        var destinationArgument = new Argument<string>("DESTINATION-IMAGE") { Description = "where to copy it" };
        var flags = new CopyFlags();
        var compression = new CompressionFlags();
        var signing = new SigningFlags();
        var command = new Command("copy", "Copy an IMAGE-NAME from one location to another") { sourceArgument, destinationArgument };
        flags.AddTo(command);
        compression.AddTo(command);
        signing.AddTo(command);
        var sourceSharedBlobs = SharedBlobDirectoryOption.Create("src-");
        var destinationSharedBlobs = SharedBlobDirectoryOption.Create("dest-");
        command.Add(sourceSharedBlobs);
        command.Add(destinationSharedBlobs);
        command.SetAction((result, cancellationToken) =>
        {
            var sourceText = result.GetValue(sourceArgument)!;
            var destinationText = result.GetValue(destinationArgument)!;
            return context.RunAsync(
                result,
                () => $"copying {sourceText} to {destinationText}",
                async ct =>
                {
                    var source = ImageArgument.Parse(sourceText);
                    var destination = ImageArgument.Parse(destinationText);
                    var request = flags.Read(result, context);
                    compression.Apply(result, request.Options, destination);
                    var files = new FileImageOpener
                    {
                        SourceSharedBlobDirectory = SharedBlobDirectoryOption.Read(result, sourceSharedBlobs),
                        DestinationSharedBlobDirectory = SharedBlobDirectoryOption.Read(result, destinationSharedBlobs),
                    };
                    var services = CliServices.Create(
                        context.Console,
                        context.Debug(result),
                        [(source, request.SourceAccess), (destination, request.DestinationAccess)],
                        request.RetryTimes,
                        registriesConf: context.RegistriesConf(result));
                    await using (services.ConfigureAwait(false))
                    {
                        var trust = context.TrustOptions(result);
                        signing.Apply(result, trust);
                        services.UseTrust(trust);
                        var signers = signing.CreateSigners(result, services.TrustContext!);
                        var signatures = new SignatureRequest(signers, signing.SignIdentity(result), result.GetValue(flags.RemoveSignatures));
                        var opener = new ImageOpener([services.Client, files]);
                        return await RunAsync(context.Console, services, opener, source, destinationText, destination, request, signatures, ct).ConfigureAwait(false);
                    }
                },
                cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(
        CliConsole console,
        CliServices services,
        ImageOpener opener,
        ImageLocation sourceLocation,
        string destinationText,
        ImageLocation destinationLocation,
        CopyRequest request,
        SignatureRequest signing,
        CancellationToken cancellationToken)
    {
        if (destinationLocation.SourceIndex is not null)
        {
            throw new CliUsageException($"Invalid destination name \"{destinationText}\": a destination cannot be an @index");
        }

        var source = await opener.OpenSourceAsync(sourceLocation, cancellationToken).ConfigureAwait(false);
        await using var releaseSource = source.ConfigureAwait(false);
        var destination = await opener.OpenDestinationAsync(destinationLocation, cancellationToken).ConfigureAwait(false);
        await using var releaseDestination = destination.ConfigureAwait(false);
        var signatures = await PrepareSignaturesAsync(services, source, destination, request, signing, cancellationToken).ConfigureAwait(false);
        // skopeo reads no signatures, and does not say it does, with --remove-signatures.
        using var progress = CopyProgressRenderer.Create(console, request.Quiet, !signing.RemoveSignatures, WritesToStandardOutput(destinationLocation));
        CopyResult result;
        try
        {
            result = await services.Copier.CopyAsync(source, destination, request.Options, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            progress?.Complete();
        }

        if (signatures is not null)
        {
            await signatures.CompleteAsync(result.Manifest, signing.Identity, cancellationToken).ConfigureAwait(false);
        }

        if (request.DigestFile is { } path)
        {
            await File.WriteAllTextAsync(path, result.Manifest.Digest.ToString(), cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// Checks the copy's signatures before anything is written: the signing key opens, and the source's signatures
    /// (unless removed) can be carried to the destination unchanged. <see langword="null"/> when the copy involves no
    /// signature at all, which costs no request.
    /// </summary>
    private static async Task<CopySignatures?> PrepareSignaturesAsync(
        CliServices services, ImageSourceHandle source, ImageDestinationHandle destination, CopyRequest request, SignatureRequest signing, CancellationToken cancellationToken)
    {
        var storage = services.Registries!.For(source.Location);
        var sourceMayHaveSignatures = !signing.RemoveSignatures
            && (source.Location.Transport == ImageTransport.Directory || storage.Lookaside is not null || storage.UseSigstoreAttachments);
        if (signing.Signers.Count == 0 && !sourceMayHaveSignatures)
        {
            return null;
        }

        var top = await source.Source.FetchManifestAsync(source.Reference, cancellationToken).ConfigureAwait(false);
        var options = request.Options;
        var writesOtherManifest = options.Format is not null
            || options.Platforms.Count > 0
            || (top.Kind == Models.ManifestKind.Index && options.MultiArch == MultiArchMode.System);
        try
        {
            return await CopySignatures.PrepareAsync(
                services.TrustContext!, services.Registries, source, top, destination, signing.RemoveSignatures, writesOtherManifest, signing.Signers, cancellationToken).ConfigureAwait(false);
        }
        catch (SigningException e) when (!signing.RemoveSignatures && e.Message.StartsWith("cannot copy signatures", StringComparison.Ordinal))
        {
            throw new CliUsageException($"{e.Message} (use --remove-signatures to copy without them)");
        }
    }

    /// <summary>What the signing flags ask for.</summary>
    /// <param name="Signers">The new signatures to make.</param>
    /// <param name="Identity"><c>--sign-identity</c>.</param>
    /// <param name="RemoveSignatures"><c>--remove-signatures</c>.</param>
    private sealed record SignatureRequest(IReadOnlyList<IImageSigner> Signers, ImageReference? Identity, bool RemoveSignatures);

    // An archive written to standard output (docker-archive:/dev/stdout) leaves no room there for progress lines.
    private static bool WritesToStandardOutput(ImageLocation location) =>
        location.Path is "/dev/stdout" or "/proc/self/fd/1" or "/dev/fd/1";
}
