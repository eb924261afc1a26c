using Microsoft.Extensions.Logging;

namespace OciRegistry.Client.Http;

// Pull-through mirrors, as containers-registries.conf's [[registry.mirror]]: a repository opened for pulling only
// asks the mirrors that serve its reference first, in order, for manifests, blobs and tag lists, and falls back to its
// primary location. A mirror that fails in any way (not found, refused, unreachable) is skipped; a cancellation is not.
// Writes, deletes and repositories opened for pushing never use mirrors, so a copy's destination checks the real registry.
public sealed partial class RegistryRepository
{
    /// <summary>Gets the same repository on each mirror of its registry, in the order they are tried; empty when none apply.</summary>
    internal IReadOnlyList<RegistryRepository> Mirrors { get; init; } = [];

    /// <summary>
    /// Asks each mirror in turn; returns the first answer <paramref name="accept"/> takes, or <c>Found = false</c>
    /// when none does, for the caller to ask the registry.
    /// </summary>
    private async Task<(bool Found, T? Value)> FromMirrorsAsync<TState, T>(
        Func<RegistryRepository, TState, CancellationToken, Task<T>> read,
        TState state,
        Func<T, bool>? accept,
        string subject,
        CancellationToken cancellationToken)
    {
        foreach (var mirror in Mirrors)
        {
            try
            {
                var value = await read(mirror, state, cancellationToken).ConfigureAwait(false);
                if (accept is null || accept(value))
                {
                    RegistryLog.MirrorServed(_logger, mirror.Name, Name, subject);
                    return (true, value);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                RegistryLog.MirrorFailed(_logger, mirror.Name, Name, subject, e.Message);
            }
        }

        return (false, default);
    }
}

/// <summary>Log messages of mirrors (event ids 300–309).</summary>
internal static partial class RegistryLog
{
    [LoggerMessage(300, LogLevel.Debug, "Mirror {Mirror} served {Subject} of {Repository}")]
    public static partial void MirrorServed(ILogger logger, string mirror, string repository, string subject);

    [LoggerMessage(301, LogLevel.Information, "Mirror {Mirror} could not serve {Subject} of {Repository}, trying the next source: {Reason}")]
    public static partial void MirrorFailed(ILogger logger, string mirror, string repository, string subject, string reason);

    [LoggerMessage(302, LogLevel.Information, "Mirror {Mirror} of {Repository} is blocked in {Source}; it is not tried")]
    public static partial void MirrorBlocked(ILogger logger, string mirror, string repository, string source);

    [LoggerMessage(303, LogLevel.Debug, "The registries configuration rewrites {Reference} to {Location}")]
    public static partial void Rewritten(ILogger logger, string reference, string location);
}
