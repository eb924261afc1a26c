using Microsoft.Extensions.Logging;

namespace OciRegistry.Client.Auth;

/// <summary>
/// The authentication package's log messages (source-generated, event ids 200–229). They name registries, realms'
/// hosts, schemes and scopes; never credentials, tokens, Authorization headers or query strings.
/// </summary>
internal static partial class AuthLog
{
    [LoggerMessage(200, LogLevel.Debug, "Registry {Registry} challenged with {Scheme} (realm host {RealmHost})")]
    public static partial void Challenged(ILogger logger, string registry, string scheme, string? realmHost);

    [LoggerMessage(201, LogLevel.Debug, "Fetching a token for {Registry} from {RealmHost} for scopes '{Scopes}' ({Authenticated})")]
    public static partial void FetchingToken(ILogger logger, string registry, string realmHost, string scopes, string authenticated);

    [LoggerMessage(202, LogLevel.Warning, "Registry {Registry} names a token realm on an internal address ({RealmHost}); asking it for an anonymous token, without credentials")]
    public static partial void RealmInternal(ILogger logger, string registry, string realmHost);

    [LoggerMessage(203, LogLevel.Debug, "Registry {Registry} rejected the token ({Error}); fetching a new one")]
    public static partial void TokenRejected(ILogger logger, string registry, string error);

    [LoggerMessage(204, LogLevel.Debug, "Registry {Registry} asks for more scope ({Scopes}); retrying once with a wider token")]
    public static partial void InsufficientScope(ILogger logger, string registry, string scopes);

    [LoggerMessage(205, LogLevel.Debug, "Probing {Registry} for its challenge before a request whose body cannot be sent twice")]
    public static partial void Probing(ILogger logger, string registry);

    [LoggerMessage(206, LogLevel.Warning, "The credential helper {Helper} named for {Registry} is not on PATH; it is skipped")]
    public static partial void HelperMissing(ILogger logger, string helper, string registry);

    [LoggerMessage(207, LogLevel.Debug, "Credentials for {Registry} come from {Store}")]
    public static partial void CredentialsFound(ILogger logger, string registry, string store);

    [LoggerMessage(208, LogLevel.Warning, "Registry {Registry} asks for Basic credentials over plain HTTP and is not marked insecure; none are sent")]
    public static partial void BasicOverHttpRefused(ILogger logger, string registry);
}
