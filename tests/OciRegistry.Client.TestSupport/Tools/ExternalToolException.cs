namespace OciRegistry.Client.TestSupport.Tools;

/// <summary>An external tool exited with a non-zero code or ran past its timeout; the message carries the command
/// line and both output streams so a failing test shows what the tool said.</summary>
public sealed class ExternalToolException : Exception
{
    public ExternalToolException()
    {
    }

    public ExternalToolException(string message)
        : base(message)
    {
    }

    public ExternalToolException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public ExternalToolException(string message, ToolResult? result)
        : base(message) => Result = result;

    /// <summary>What the tool produced, when it ran to an exit code.</summary>
    public ToolResult? Result { get; }
}
