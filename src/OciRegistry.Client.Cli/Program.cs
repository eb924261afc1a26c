using OciRegistry.Client.Cli.Hosting;

namespace OciRegistry.Client.Cli;

/// <summary>The <c>ocireg</c> entry point.</summary>
internal static class Program
{
    /// <summary>
    /// Runs <c>ocireg</c> on the process's standard streams; SIGINT (Ctrl+C) and SIGTERM cancel the command, which
    /// cleans up and exits 130 or 143 (<see cref="CliSignals"/>).
    /// </summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> Main(string[] args)
    {
        using var signals = CliSignals.Register();
        var console = CliConsole.FromProcess();
        try
        {
            var code = await CliApplication.RunAsync(args, console, signals.Token).ConfigureAwait(false);
            return signals.ExitCodeFor(code);
        }
        finally
        {
            await console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await console.Error.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Runs <c>ocireg</c> in-process on the given writers (for tests and hosts); standard input is empty.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="stdout">Receives the results.</param>
    /// <param name="stderr">Receives progress, warnings and errors.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The exit code.</returns>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default) =>
        CliApplication.RunAsync(args, new CliConsole(stdout, stderr, TextReader.Null), cancellationToken);
}
