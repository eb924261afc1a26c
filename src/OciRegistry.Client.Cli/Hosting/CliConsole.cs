namespace OciRegistry.Client.Cli.Hosting;

/// <summary>
/// The streams a command talks to: results go to <see cref="Out"/>, everything else (progress, errors, prompts, debug
/// traces) to <see cref="Error"/>, so a command's standard output stays machine-readable.
/// </summary>
/// <param name="Out">Standard output: results only.</param>
/// <param name="Error">Standard error: progress, warnings, errors.</param>
/// <param name="In">Standard input (passwords with <c>--password-stdin</c>).</param>
/// <param name="ErrorIsTerminal">Whether standard error is a terminal (live progress bars instead of lines).</param>
/// <param name="InputIsTerminal">Whether standard input is a terminal (a password may be prompted for).</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, TextReader In, bool ErrorIsTerminal = false, bool InputIsTerminal = false)
{
    /// <summary>Gets the terminal width for progress bars; 80 when unknown.</summary>
    public int Width { get; init; } = 80;

    /// <summary>Gets whether standard output is a terminal (<c>copy</c> prints skopeo's progress lines there when it is not).</summary>
    public bool OutputIsTerminal { get; init; }

    /// <summary>Gets the process's own standard streams.</summary>
    public static CliConsole FromProcess()
    {
        // Explicit writers without auto-flush: a large --raw or JSON answer is written in one go.
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 64 * 1024) { AutoFlush = false };
        var stderr = new StreamWriter(Console.OpenStandardError(), new System.Text.UTF8Encoding(false), 4096) { AutoFlush = true };
        var errorIsTerminal = !Console.IsErrorRedirected;
        int width = 80;
        if (errorIsTerminal)
        {
            try
            {
                width = Console.WindowWidth > 20 ? Console.WindowWidth : 80;
            }
            catch (IOException)
            {
                width = 80;
            }
        }

        return new CliConsole(stdout, stderr, Console.In, errorIsTerminal, !Console.IsInputRedirected) { Width = width, OutputIsTerminal = !Console.IsOutputRedirected };
    }
}
