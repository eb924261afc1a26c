using System.CommandLine;
using OciRegistry.Client.Cli.Hosting;

namespace OciRegistry.Client.Cli.Commands;

/// <summary><c>ocireg manifest-digest MANIFEST</c>: prints the digest of a manifest file.</summary>
internal static class ManifestDigestCommand
{
    /// <summary>Creates the verb.</summary>
    /// <param name="context">The shared console and global flags.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var file = new Argument<string>("MANIFEST") { Description = "the manifest file" };
        var command = new Command("manifest-digest", "Compute a manifest digest of a file") { file };
        command.SetAction((result, cancellationToken) =>
        {
            var path = result.GetValue(file)!;
            return context.RunAsync(
                result,
                () => $"Error reading manifest from {path}",
                async ct =>
                {
                    var bytes = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
                    await context.Console.Out.WriteLineAsync(Digest.Compute(bytes).ToString()).ConfigureAwait(false);
                    return ExitCodes.Success;
                },
                cancellationToken);
        });
        return command;
    }
}
