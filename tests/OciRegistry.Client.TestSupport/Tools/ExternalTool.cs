using System.Diagnostics;
using System.Text;

namespace OciRegistry.Client.TestSupport.Tools;

/// <summary>
/// Runs a command-line tool to completion with a bounded timeout, capturing stdout (as bytes) and stderr. A non-zero
/// exit or a timeout throws <see cref="ExternalToolException"/> carrying both streams.
/// </summary>
public sealed class ExternalTool
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public ExternalTool(string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        FileName = fileName;
    }

    public string FileName { get; }

    /// <summary>Finds <paramref name="command"/> through <paramref name="overrideVariable"/> or PATH; throws
    /// <see cref="MissingToolException"/> naming <paramref name="debianPackage"/> when it is absent.</summary>
    public static ExternalTool Locate(string command, string overrideVariable, string debianPackage) =>
        new(ToolLocator.Locate(command, overrideVariable, debianPackage));

    /// <summary>Runs the tool and throws unless it exits with 0.</summary>
    public async Task<ToolResult> RunAsync(
        IReadOnlyList<string> arguments, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var result = await RunUncheckedAsync(arguments, timeout, cancellationToken);
        return result.ExitCode == 0
            ? result
            : throw new ExternalToolException(
                $"{Describe(arguments)} exited with {result.ExitCode}.{Environment.NewLine}" +
                $"stdout:{Environment.NewLine}{result.StandardOutput}{Environment.NewLine}" +
                $"stderr:{Environment.NewLine}{result.StandardError}",
                result);
    }

    /// <summary>Runs the tool and returns whatever exit code it produced; only a timeout throws.</summary>
    public async Task<ToolResult> RunUncheckedAsync(
        IReadOnlyList<string> arguments, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var startInfo = new ProcessStartInfo(FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new ExternalToolException($"{Describe(arguments)} did not start.");

        // No tool here reads stdin; closing it makes any unexpected prompt fail fast instead of hanging.
        process.StandardInput.Close();

        using var output = new MemoryStream();
        var stdout = process.StandardOutput.BaseStream.CopyToAsync(output, CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);

        var limit = timeout ?? DefaultTimeout;
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            await Task.WhenAll(stdout, stderr);
            cancellationToken.ThrowIfCancellationRequested();
            throw new ExternalToolException(
                $"{Describe(arguments)} did not finish within {limit.TotalSeconds:0.#} s and was killed.{Environment.NewLine}" +
                $"stdout:{Environment.NewLine}{Encoding.UTF8.GetString(output.ToArray())}{Environment.NewLine}" +
                $"stderr:{Environment.NewLine}{await stderr}");
        }

        await Task.WhenAll(stdout, stderr);
        return new ToolResult(process.ExitCode, output.ToArray(), await stderr);
    }

    // Throw-away test passwords still stay out of messages, so a habit never leaks a real one.
    private string Describe(IReadOnlyList<string> arguments) =>
        string.Join(' ', arguments
            .Select((argument, i) => i > 0 && arguments[i - 1].EndsWith("creds", StringComparison.Ordinal)
                ? "***"
                : Quote(argument))
            .Prepend(Quote(FileName)));

    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => !char.IsWhiteSpace(c) && c is not '\'' and not '"')
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
