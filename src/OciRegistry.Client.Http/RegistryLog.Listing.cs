using Microsoft.Extensions.Logging;

namespace OciRegistry.Client.Http;

// Listing: tags, catalog, referrers (event ids 200-249).
internal static partial class RegistryLog
{
    [LoggerMessage(200, LogLevel.Warning, "Registry {Registry} sent a next-page link to another origin ({Host}) while listing {Listing}; its path is followed on the registry instead")]
    public static partial void NextLinkRewritten(ILogger logger, string registry, string host, string listing);

    [LoggerMessage(201, LogLevel.Debug, "Registry {Registry} has no referrers API (404) for {Repository}; reading the referrers tag {Tag} instead")]
    public static partial void ReferrersApiUnavailable(ILogger logger, string registry, string repository, string tag);

    [LoggerMessage(202, LogLevel.Warning, "The referrers tag {Tag} in {Repository} holds {MediaType}, not an image index; treated as no referrers")]
    public static partial void ReferrersTagNotIndex(ILogger logger, string tag, string repository, string mediaType);

    [LoggerMessage(203, LogLevel.Warning, "The referrers tag {Tag} in {Repository} is not a valid manifest; treated as no referrers")]
    public static partial void ReferrersTagInvalid(ILogger logger, string tag, string repository, Exception exception);

    [LoggerMessage(204, LogLevel.Debug, "Registry {Registry} did not apply the artifactType filter to the referrers of {Subject}; filtering them here")]
    public static partial void ReferrersFilteredHere(ILogger logger, string registry, Digest subject);

    [LoggerMessage(205, LogLevel.Debug, "Added the referrer {Referrer} to the referrers tag {Tag} in {Repository} (confirmed after {Rounds} reads)")]
    public static partial void ReferrersTagUpdated(ILogger logger, string tag, string repository, Digest referrer, int rounds);
}
