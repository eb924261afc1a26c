using System.Text;

namespace OciRegistry.Client.Cli.IntegrationTests.Support;

/// <summary>What one <c>ocireg</c> process produced; stdout is kept as bytes so raw manifests keep their digest.</summary>
internal sealed record OciregResult(string CommandLine, int ExitCode, byte[] StandardOutputBytes, string StandardError)
{
    public string StandardOutput => Encoding.UTF8.GetString(StandardOutputBytes);

    /// <summary>The non-empty lines of stderr.</summary>
    public IReadOnlyList<string> ErrorLines =>
        StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Everything a failing assertion needs to explain itself.</summary>
    public override string ToString() =>
        $"{CommandLine}{Environment.NewLine}exit code: {ExitCode}{Environment.NewLine}" +
        $"stdout:{Environment.NewLine}{StandardOutput}{Environment.NewLine}stderr:{Environment.NewLine}{StandardError}";
}
