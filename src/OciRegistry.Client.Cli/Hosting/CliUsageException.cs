namespace OciRegistry.Client.Cli.Hosting;

/// <summary>A command line that cannot be run as written (conflicting flags, a bad value); exit code 1.</summary>
internal sealed class CliUsageException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="CliUsageException"/> class.</summary>
    public CliUsageException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CliUsageException"/> class.</summary>
    /// <param name="message">What is wrong, in skopeo's words where skopeo has them.</param>
    public CliUsageException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CliUsageException"/> class.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public CliUsageException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
