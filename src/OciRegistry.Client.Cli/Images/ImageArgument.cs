using OciRegistry.Client.Cli.Hosting;

namespace OciRegistry.Client.Cli.Images;

/// <summary>An image named on the command line in the <c>TRANSPORT:REFERENCE</c> syntax of <see cref="ImageLocation"/>.</summary>
internal static class ImageArgument
{
    /// <summary>Parses an image argument.</summary>
    /// <param name="text">The argument.</param>
    /// <returns>The location.</returns>
    /// <exception cref="CliUsageException">The name is malformed or names a transport ocireg does not have; the message is the SDK's.</exception>
    public static ImageLocation Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return ImageLocation.Parse(text);
        }
        catch (InvalidReferenceException e)
        {
            throw new CliUsageException(e.Message, e);
        }
    }
}
