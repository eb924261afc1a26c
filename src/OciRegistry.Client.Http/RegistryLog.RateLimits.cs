using Microsoft.Extensions.Logging;

namespace OciRegistry.Client.Http;

// Log messages of the per-registry rate-limit gate: event ids 220-229.
internal static partial class RegistryLog
{
    [LoggerMessage(220, LogLevel.Warning, "{Registry} answered 429; every request to it waits {Delay} (Retry-After)")]
    public static partial void RateLimited(ILogger logger, string registry, TimeSpan delay);

    [LoggerMessage(221, LogLevel.Information, "{Registry} has {Remaining} requests left in its rate limit; spacing requests {Pace} apart")]
    public static partial void RateLimitSlowing(ILogger logger, string registry, long remaining, TimeSpan pace);
}
