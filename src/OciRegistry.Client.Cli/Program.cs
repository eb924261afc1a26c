using OciRegistry.Client.Cli.Hosting;

namespace OciRegistry.Client.Cli;

/// <summary>The <c>ocireg</c> entry point.</summary>
internal static class Program
{
    /// <summary>Runs <c>ocireg</c> on the process's standard streams; Ctrl+C cancels the command.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        var console = CliConsole.FromProcess();
        try
        {
            return await CliApplication.RunAsync(args, console, cancellation.Token).ConfigureAwait(false);
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
