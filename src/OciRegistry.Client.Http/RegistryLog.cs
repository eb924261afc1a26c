using Microsoft.Extensions.Logging;

namespace OciRegistry.Client.Http;

/// <summary>
/// The client's log messages (source-generated). Messages name registries, repositories, digests and paths, never
/// credentials, tokens, query strings of redirects (which may be signed URLs) or request headers.
/// </summary>
internal static partial class RegistryLog
{
    [LoggerMessage(1, LogLevel.Debug, "Registry {Registry} answers the distribution API at {BaseAddress}")]
    public static partial void Pinged(ILogger logger, string registry, string baseAddress);

    [LoggerMessage(2, LogLevel.Warning, "Registry {Registry} could not be reached over HTTPS; it is marked insecure, so plain HTTP is used")]
    public static partial void FellBackToHttp(ILogger logger, string registry, Exception exception);

    [LoggerMessage(3, LogLevel.Information, "Retrying a request to {Registry} (attempt {Attempt}) after {Outcome}, waiting {DelayMilliseconds} ms")]
    public static partial void Retrying(ILogger logger, string registry, int attempt, string outcome, double delayMilliseconds);

    [LoggerMessage(4, LogLevel.Warning, "Registry {Registry} warns: {Warning}")]
    public static partial void RegistryWarning(ILogger logger, string registry, string warning);

    [LoggerMessage(5, LogLevel.Debug, "{Method} {Registry}{Path} answered {Status}")]
    public static partial void Request(ILogger logger, string method, string registry, string path, int status);

    [LoggerMessage(6, LogLevel.Debug, "Following a redirect for {Digest} to {Host} (credentials {CredentialsKept})")]
    public static partial void Redirected(ILogger logger, Digest digest, string host, string credentialsKept);

    [LoggerMessage(7, LogLevel.Warning, "Registry {Registry} stored manifest {Expected} as {Reported}; the bytes sent hash to {Expected}")]
    public static partial void ManifestDigestDiffers(ILogger logger, string registry, Digest expected, string reported);
}
