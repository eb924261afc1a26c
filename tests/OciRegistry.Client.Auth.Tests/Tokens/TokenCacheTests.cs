using Microsoft.Extensions.Time.Testing;
using OciRegistry.Client.Auth.Tokens;

namespace OciRegistry.Client.Auth.Tests.Tokens;

public sealed class TokenCacheTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Reuses_a_token_until_the_safety_margin_before_it_expires()
    {
        var cache = new TokenCache(_time);
        var key = Key("repository:a:pull");
        var fetches = 0;
        Task<RegistryToken> Fetch(CancellationToken _) => Task.FromResult(Token($"t{++fetches}", TimeSpan.FromSeconds(300)));

        Assert.Equal("t1", (await cache.GetOrFetchAsync(key, Fetch, Timeout, default)).AccessToken);
        _time.Advance(TimeSpan.FromSeconds(269));
        Assert.Equal("t1", (await cache.GetOrFetchAsync(key, Fetch, Timeout, default)).AccessToken);

        // 300 s lifetime: the margin is 30 s, so at 270 s the token is no longer handed out.
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("t2", (await cache.GetOrFetchAsync(key, Fetch, Timeout, default)).AccessToken);
        Assert.Equal(2, fetches);
    }

    [Theory]
    [InlineData(60, 6)]
    [InlineData(300, 30)]
    [InlineData(3600, 30)]
    public void The_margin_is_a_tenth_of_the_lifetime_and_at_most_thirty_seconds(int lifetime, int margin)
    {
        Assert.Equal(TimeSpan.FromSeconds(margin), TokenCache.SafetyMargin(Token("t", TimeSpan.FromSeconds(lifetime))));
    }

    [Fact]
    public async Task Keys_by_realm_service_scopes_and_credentials()
    {
        var cache = new TokenCache(_time);
        var fetches = 0;
        Task<RegistryToken> Fetch(CancellationToken _) => Task.FromResult(Token($"t{++fetches}", TimeSpan.FromMinutes(5)));
        var alice = RegistryCredential.FromUsernamePassword("alice", "pw");

        await cache.GetOrFetchAsync(Key("repository:a:pull"), Fetch, Timeout, default);
        await cache.GetOrFetchAsync(Key("repository:a:pull"), Fetch, Timeout, default);
        await cache.GetOrFetchAsync(Key("repository:a:pull,push"), Fetch, Timeout, default);
        await cache.GetOrFetchAsync(Key("repository:a:pull") with { Service = "other" }, Fetch, Timeout, default);
        await cache.GetOrFetchAsync(Key("repository:a:pull") with { Realm = "https://other.test/token" }, Fetch, Timeout, default);
        await cache.GetOrFetchAsync(Key("repository:a:pull") with { Credential = alice }, Fetch, Timeout, default);
        await cache.GetOrFetchAsync(Key("repository:a:pull") with { Credential = RegistryCredential.FromUsernamePassword("alice", "pw") }, Fetch, Timeout, default);

        Assert.Equal(5, fetches);
    }

    [Fact]
    public void The_key_of_a_request_is_its_sorted_merged_scope_set()
    {
        var one = TokenCacheKey.For(new TokenRequest("r", new Uri("https://auth.test/token"), "s",
            [RegistryAuthScope.Repository("b", "push"), RegistryAuthScope.Repository("a", "pull"), RegistryAuthScope.Repository("b", "pull")], null, null));
        var two = TokenCacheKey.For(new TokenRequest("r", new Uri("https://auth.test/token"), "s",
            [RegistryAuthScope.Repository("a", "pull"), RegistryAuthScope.Repository("b", "pull", "push")], null, null));

        Assert.Equal(one, two);
        Assert.Equal("repository:a:pull repository:b:pull,push", one.Scopes);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_fetch()
    {
        var cache = new TokenCache(_time);
        var release = new TaskCompletionSource();
        var fetches = 0;
        async Task<RegistryToken> Fetch(CancellationToken _)
        {
            Interlocked.Increment(ref fetches);
            await release.Task;
            return Token("shared", TimeSpan.FromMinutes(5));
        }

        var callers = Enumerable.Range(0, 20).Select(_ => Task.Run(() => cache.GetOrFetchAsync(Key("repository:a:pull"), Fetch, Timeout, default))).ToArray();
        await Task.Delay(50);
        release.SetResult();
        var tokens = await Task.WhenAll(callers);

        Assert.Equal(1, fetches);
        Assert.All(tokens, t => Assert.Same(tokens[0], t));
    }

    [Fact]
    public async Task A_caller_that_cancels_does_not_cancel_the_fetch_for_others()
    {
        var cache = new TokenCache(_time);
        var release = new TaskCompletionSource();
        async Task<RegistryToken> Fetch(CancellationToken _)
        {
            await release.Task;
            return Token("t", TimeSpan.FromMinutes(5));
        }

        using var cancel = new CancellationTokenSource();
        var first = cache.GetOrFetchAsync(Key("s"), Fetch, Timeout, cancel.Token);
        var second = cache.GetOrFetchAsync(Key("s"), Fetch, Timeout, default);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        release.SetResult();

        Assert.Equal("t", (await second).AccessToken);
    }

    [Fact]
    public async Task A_failed_fetch_is_not_cached()
    {
        var cache = new TokenCache(_time);
        var attempts = 0;
        Task<RegistryToken> Fetch(CancellationToken _) => ++attempts == 1
            ? Task.FromException<RegistryToken>(new RegistryAuthenticationException("refused"))
            : Task.FromResult(Token("t", TimeSpan.FromMinutes(5)));

        await Assert.ThrowsAsync<RegistryAuthenticationException>(() => cache.GetOrFetchAsync(Key("s"), Fetch, Timeout, default));

        Assert.Equal("t", (await cache.GetOrFetchAsync(Key("s"), Fetch, Timeout, default)).AccessToken);
    }

    [Fact]
    public async Task Invalidates_only_the_token_that_was_rejected()
    {
        var cache = new TokenCache(_time);
        var fetches = 0;
        Task<RegistryToken> Fetch(CancellationToken _) => Task.FromResult(Token($"t{++fetches}", TimeSpan.FromMinutes(5)));
        var first = await cache.GetOrFetchAsync(Key("s"), Fetch, Timeout, default);
        cache.Invalidate(Key("s"), first);
        var second = await cache.GetOrFetchAsync(Key("s"), Fetch, Timeout, default);

        // A late rejection of the old token must not drop its replacement.
        cache.Invalidate(Key("s"), first);

        Assert.Same(second, await cache.GetOrFetchAsync(Key("s"), Fetch, Timeout, default));
        Assert.Equal("t2", second.AccessToken);
    }

    [Fact]
    public void The_key_hides_credentials()
    {
        var key = Key("s") with { Credential = RegistryCredential.FromUsernamePassword("alice", "s3cret") };

        Assert.DoesNotContain("s3cret", key.ToString(), StringComparison.Ordinal);
    }

    private static TokenCacheKey Key(string scopes) => new("https://auth.test/token", "registry.test", scopes, null);

    private RegistryToken Token(string value, TimeSpan lifetime) =>
        new(value, _time.GetUtcNow(), _time.GetUtcNow() + lifetime, null, null);
}
