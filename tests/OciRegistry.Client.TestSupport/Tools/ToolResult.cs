using System.Text;

namespace OciRegistry.Client.TestSupport.Tools;

/// <summary>What a finished external process produced. Standard output is kept as bytes so raw manifests keep
/// their exact digest.</summary>
public sealed record ToolResult(int ExitCode, ReadOnlyMemory<byte> StandardOutputBytes, string StandardError)
{
    public string StandardOutput => Encoding.UTF8.GetString(StandardOutputBytes.Span);
}
