namespace OciRegistry.Client.Cli.Hosting;

/// <summary>The process exit codes of <c>ocireg</c>.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>Any failure other than a missing image: bad flags, network, TLS, authentication, verification.</summary>
    public const int Failure = 1;

    /// <summary>The image, tag or repository does not exist (registry, OCI layout or archive).</summary>
    public const int NotFound = 2;

    /// <summary>The command was cancelled by SIGINT (Ctrl+C), or by its caller's token when run in-process: 128 + 2.</summary>
    public const int Interrupted = 130;

    /// <summary>The command was cancelled by SIGTERM: 128 + 15.</summary>
    public const int Terminated = 143;
}
