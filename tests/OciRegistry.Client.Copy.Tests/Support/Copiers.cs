namespace OciRegistry.Client.Copy.Tests.Support;

public static class Copiers
{
    public static ImageCopier Create() => ImageCopier.Create();

    /// <summary>Options with retries that do not wait, so tests of faults stay quick.</summary>
    public static CopyOptions Options(Action<CopyOptions>? configure = null)
    {
        var options = new CopyOptions { RetryDelay = TimeSpan.Zero };
        configure?.Invoke(options);
        return options;
    }
}
