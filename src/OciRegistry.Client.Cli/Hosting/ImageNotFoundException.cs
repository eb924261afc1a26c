namespace OciRegistry.Client.Cli.Hosting;

/// <summary>An image the command line was pointed at does not exist where a registry exception cannot say so (exit code 2).</summary>
internal sealed class ImageNotFoundException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ImageNotFoundException"/> class.</summary>
    public ImageNotFoundException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ImageNotFoundException"/> class.</summary>
    /// <param name="message">Which image is missing, and where.</param>
    public ImageNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ImageNotFoundException"/> class.</summary>
    /// <param name="message">Which image is missing, and where.</param>
    /// <param name="innerException">The cause.</param>
    public ImageNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
