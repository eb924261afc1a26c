using System.Collections.Concurrent;

namespace OciRegistry.Client.Auth.Tokens;

/// <summary>
/// What a token is cached under: the realm, the service, the canonical scope set (merged, sorted, space-joined) and
/// the credentials it was obtained with (so two accounts never share a token). <see cref="ToString"/> hides the
/// credentials.
/// </summary>
internal sealed record TokenCacheKey(string Realm, string? Service, string Scopes, RegistryCredential? Credential)
{
    public static TokenCacheKey For(TokenRequest request) =>
        new(request.Realm.AbsoluteUri, request.Service, string.Join(' ', RegistryAuthScope.Merge(request.Scopes)), request.Credential);

    public override string ToString() => $"TokenCacheKey {{ Realm = {Realm}, Service = {Service}, Scopes = {Scopes} }}";
}

/// <summary>
/// Tokens by <see cref="TokenCacheKey"/>, each dropped a safety margin before it expires (a tenth of its lifetime,
/// at most 30 s). One fetch per key runs at a time: callers that ask while it runs wait for the same result, and a
/// caller that gives up (cancels) does not cancel it for the others. A failed fetch is not cached.
/// </summary>
internal sealed class TokenCache(TimeProvider timeProvider)
{
    private static readonly TimeSpan MaximumMargin = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<TokenCacheKey, Lazy<Task<RegistryToken>>> _entries = new();

    public int Count => _entries.Count;

    public async Task<RegistryToken> GetOrFetchAsync(TokenCacheKey key, Func<CancellationToken, Task<RegistryToken>> fetch, TimeSpan fetchTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(fetch);
        while (true)
        {
            var mine = Start(fetch, fetchTimeout);
            var entry = _entries.GetOrAdd(key, mine);
            RegistryToken token;
            try
            {
                token = await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Failed fetches are not kept: every caller waiting on it gets the failure, the next one starts afresh.
                _entries.TryRemove(new KeyValuePair<TokenCacheKey, Lazy<Task<RegistryToken>>>(key, entry));
                throw;
            }

            // A token this call fetched is handed out as it is; one found in the cache only while fresh.
            if (ReferenceEquals(entry, mine) || IsFresh(token))
            {
                return token;
            }

            // Expired: drop it, unless another caller already replaced it, and look again.
            _entries.TryRemove(new KeyValuePair<TokenCacheKey, Lazy<Task<RegistryToken>>>(key, entry));
        }
    }

    /// <summary>Drops <paramref name="token"/> (rejected by the registry), unless a newer one has replaced it.</summary>
    public void Invalidate(TokenCacheKey key, RegistryToken token)
    {
        if (_entries.TryGetValue(key, out var entry)
            && entry.IsValueCreated
            && entry.Value.IsCompletedSuccessfully
            && ReferenceEquals(entry.Value.Result, token))
        {
            _entries.TryRemove(new KeyValuePair<TokenCacheKey, Lazy<Task<RegistryToken>>>(key, entry));
        }
    }

    internal static TimeSpan SafetyMargin(RegistryToken token)
    {
        var tenth = token.Lifetime / 10;
        return tenth < MaximumMargin ? tenth : MaximumMargin;
    }

    private bool IsFresh(RegistryToken token) => timeProvider.GetUtcNow() < token.ExpiresAt - SafetyMargin(token);

    private Lazy<Task<RegistryToken>> Start(Func<CancellationToken, Task<RegistryToken>> fetch, TimeSpan fetchTimeout) =>
        new(() => RunAsync(fetch, fetchTimeout), LazyThreadSafetyMode.ExecutionAndPublication);

    private async Task<RegistryToken> RunAsync(Func<CancellationToken, Task<RegistryToken>> fetch, TimeSpan fetchTimeout)
    {
        // Shared by every waiting caller, so no one caller's token cancels it; a deadline bounds it instead.
        using var deadline = new CancellationTokenSource(fetchTimeout, timeProvider);
        await Task.Yield();
        return await fetch(deadline.Token).ConfigureAwait(false);
    }
}
