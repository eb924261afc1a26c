namespace OciRegistry.Client.TestSupport.Tools;

/// <summary>
/// A tool the tests depend on is not installed. Tests never skip on this: a missing oracle or registry would turn a
/// red build green, so the exception names the Debian package to install and the variable that overrides the path.
/// </summary>
public sealed class MissingToolException : Exception
{
    public MissingToolException()
    {
    }

    public MissingToolException(string message)
        : base(message)
    {
    }

    public MissingToolException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
