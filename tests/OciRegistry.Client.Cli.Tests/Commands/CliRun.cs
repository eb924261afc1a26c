namespace OciRegistry.Client.Cli.Tests.Commands;

/// <summary>Runs <c>ocireg</c> in-process and captures what it wrote.</summary>
internal static class CliRun
{
    public static async Task<CliOutcome> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await Program.RunAsync(args, stdout, stderr);
        return new CliOutcome(code, stdout.ToString(), stderr.ToString());
    }
}

internal sealed record CliOutcome(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}";
}
