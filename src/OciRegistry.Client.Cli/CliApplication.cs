using System.CommandLine;
using OciRegistry.Client.Cli.Commands;
using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Cli.Options;

namespace OciRegistry.Client.Cli;

/// <summary>The <c>ocireg</c> command tree: the global flags and one command per verb (one file each under <c>Commands/</c>).</summary>
internal static class CliApplication
{
    /// <summary>Builds the root command.</summary>
    /// <param name="console">The standard streams the verbs write to.</param>
    /// <returns>The root command.</returns>
    public static RootCommand Create(CliConsole console)
    {
        var context = new CliContext(console, new GlobalOptions());
        var root = new RootCommand("Various operations with container images and container image registries (skopeo-compatible)");
        context.Globals.AddTo(root);

        // One line per verb.
        root.Add(InspectCommand.Create(context));
        root.Add(CopyCommand.Create(context));
        root.Add(DeleteCommand.Create(context));
        root.Add(ListTagsCommand.Create(context));
        root.Add(ListReferrersCommand.Create(context));
        root.Add(LoginCommand.Create(context));
        root.Add(LogoutCommand.Create(context));
        root.Add(ManifestDigestCommand.Create(context));
        root.Add(SyncCommand.Create(context));
        root.Add(GenerateSigstoreKeyCommand.Create(context));
        root.Add(StandaloneSignCommand.Create(context));
        root.Add(StandaloneVerifyCommand.Create(context));
        root.Add(VerifyCommand.Create(context));
        return root;
    }

    /// <summary>Parses and runs a command line.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="console">The standard streams.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        var root = Create(console);
        string[] normalized;
        try
        {
            normalized = BooleanOption.NormalizeArguments(root, args);
        }
        catch (CliUsageException e)
        {
            await console.Error.WriteLineAsync($"ocireg: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        var result = root.Parse(normalized);
        if (result.Errors.Count > 0)
        {
            foreach (var line in ParseErrors.Describe(result))
            {
                await console.Error.WriteLineAsync($"ocireg: {line}").ConfigureAwait(false);
            }

            var verb = result.CommandResult.Command == root ? string.Empty : " " + result.CommandResult.Command.Name;
            await console.Error.WriteLineAsync($"See 'ocireg{verb} --help'.").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        var configuration = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        var code = await result.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        await console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return code;
    }
}
