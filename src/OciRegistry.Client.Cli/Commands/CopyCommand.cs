using System.CommandLine;
using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Cli.Images;
using OciRegistry.Client.Cli.Options;
using OciRegistry.Client.Cli.Progress;
using OciRegistry.Client.Copy;
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
        var command = new Command("copy", "Copy an IMAGE-NAME from one location to another") { sourceArgument, destinationArgument };
        flags.AddTo(command);
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
                    var files = new FileImageOpener
                    {
                        SourceSharedBlobDirectory = SharedBlobDirectoryOption.Read(result, sourceSharedBlobs),
                        DestinationSharedBlobDirectory = SharedBlobDirectoryOption.Read(result, destinationSharedBlobs),
                    };
                    var services = CliServices.Create(
                        context.Console,
                        context.Debug(result),
                        [(source, request.SourceAccess), (destination, request.DestinationAccess)],
                        request.RetryTimes);
                    await using (services.ConfigureAwait(false))
                    {
                        var opener = new ImageOpener([services.Client, files]);
                        // skopeo reads no signatures, and does not say it does, with --remove-signatures.
                        var gettingSignatures = !result.GetValue(flags.RemoveSignatures);
                        return await RunAsync(context.Console, services, opener, source, destinationText, destination, request, gettingSignatures, ct).ConfigureAwait(false);
                    }
                },
                cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(
        CliConsole console, CliServices services, ImageOpener opener, ImageLocation sourceLocation, string destinationText, ImageLocation destinationLocation, CopyRequest request, bool gettingSignatures, CancellationToken cancellationToken)
    {
        if (destinationLocation.SourceIndex is not null)
        {
            throw new CliUsageException($"Invalid destination name \"{destinationText}\": a destination cannot be an @index");
        }

        var source = await opener.OpenSourceAsync(sourceLocation, cancellationToken).ConfigureAwait(false);
        await using var releaseSource = source.ConfigureAwait(false);
        var destination = await opener.OpenDestinationAsync(destinationLocation, cancellationToken).ConfigureAwait(false);
        await using var releaseDestination = destination.ConfigureAwait(false);
        using var progress = CopyProgressRenderer.Create(console, request.Quiet, gettingSignatures, WritesToStandardOutput(destinationLocation));
        CopyResult result;
        try
        {
            result = await services.Copier.CopyAsync(
                source.Source, source.Reference, destination.Destination, destination.Tag, request.Options, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            progress?.Complete();
        }

        if (request.DigestFile is { } path)
        {
            await File.WriteAllTextAsync(path, result.Manifest.Digest.ToString(), cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    // An archive written to standard output (docker-archive:/dev/stdout) leaves no room there for progress lines.
    private static bool WritesToStandardOutput(ImageLocation location) =>
        location.Path is "/dev/stdout" or "/proc/self/fd/1" or "/dev/fd/1";
}
