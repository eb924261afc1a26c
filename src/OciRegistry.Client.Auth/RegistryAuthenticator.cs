using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OciRegistry.Client.Auth.Challenges;
using OciRegistry.Client.Auth.Credentials;
using OciRegistry.Client.Auth.Tokens;

namespace OciRegistry.Client.Auth;

/// <summary>
/// The state registry authentication shares across requests and handler pipelines (a singleton): the challenge
/// each registry origin answered with, the token cache, refresh tokens and the credential store chain. Handlers
/// come and go with the HTTP client factory's handler rotation; this stays. Create per-registry handlers with
/// <see cref="CreateHandler"/>.
/// </summary>
public sealed class RegistryAuthenticator
{
    private readonly ConcurrentDictionary<string, AuthenticationChallenge> _challenges = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _openOrigins = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string Realm, string? Service, RegistryCredential? Credential), string> _refreshTokens = new();
    private readonly ConcurrentDictionary<(string Registry, string? Repository), Lazy<Task<CachedCredential>>> _credentials = new();
    private readonly ICredentialStore _store;
    private readonly TokenClient _tokenClient;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _tokenTimeout;
    private readonly TimeSpan _credentialCacheDuration;

    internal RegistryAuthenticator(
        RegistryAuthenticationOptions options,
        ICredentialStore store,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _timeProvider = timeProvider ?? TimeProvider.System;
        Logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("OciRegistry.Client.Auth");
        _tokenClient = new TokenClient(options.ClientId, options.UseOAuth2PasswordGrant, _timeProvider);
        Tokens = new TokenCache(_timeProvider);
        _tokenTimeout = options.TokenRequestTimeout;
        _credentialCacheDuration = options.CredentialCacheDuration;
    }

    internal ILogger Logger { get; }

    internal TokenCache Tokens { get; }

    /// <summary>Creates the authentication handler for one registry's HTTP pipeline.</summary>
    /// <param name="registry">The registry as written in image references (<c>host</c>, <c>host:port</c>, <c>docker.io</c>).</param>
    /// <param name="insecure">
    /// Whether the registry is marked insecure: only then are Basic credentials sent over plain HTTP and token realms
    /// on plain HTTP accepted.
    /// </param>
    /// <returns>A new handler; its inner handler is set by the pipeline that takes it.</returns>
    public DelegatingHandler CreateHandler(string registry, bool insecure = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(registry);
        return new RegistryAuthenticationHandler(this, registry, insecure);
    }

    /// <summary>
    /// Creates an authenticator outside dependency injection, with the credential lookup
    /// <c>services.AddOciRegistryAuthentication()</c> sets up: <see cref="RegistryAuthenticationOptions.Credentials"/>,
    /// then <paramref name="credentialStores"/> in order, then the auth files and the credential helpers they name.
    /// </summary>
    /// <param name="options">The options; they are read once, here.</param>
    /// <param name="credentialStores">More places to look credentials up; none when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Where log messages go; none when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for token lifetimes; the system clock when <see langword="null"/>.</param>
    /// <returns>The authenticator; share it among the handlers of one client.</returns>
    public static RegistryAuthenticator Create(
        RegistryAuthenticationOptions options,
        IEnumerable<ICredentialStore>? credentialStores = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Create(options, credentialStores ?? [], ProcessEnvironmentVariables.Instance, ProcessRunner.Instance, loggerFactory, timeProvider);
    }

    internal static RegistryAuthenticator Create(
        RegistryAuthenticationOptions options,
        IEnumerable<ICredentialStore> credentialStores,
        IEnvironmentVariables environment,
        IProcessRunner runner,
        ILoggerFactory? loggerFactory,
        TimeProvider? timeProvider)
    {
        var loggers = loggerFactory ?? NullLoggerFactory.Instance;
        var store = CreateStoreChain(options, credentialStores, environment, runner, loggers.CreateLogger("OciRegistry.Client.Auth"));
        return new RegistryAuthenticator(options, store, loggers, timeProvider);
    }

    internal static ICredentialStore CreateStoreChain(
        RegistryAuthenticationOptions options,
        IEnumerable<ICredentialStore> registered,
        IEnvironmentVariables environment,
        IProcessRunner runner,
        ILogger logger)
    {
        var stores = new List<ICredentialStore> { new ExplicitCredentialStore(options.Credentials) };
        stores.AddRange(registered);
        if (options.UseAuthFiles)
        {
            var helpers = new CredentialHelpers(options, environment, runner, logger);
            stores.AddRange(AuthFileLocations.Resolve(options.AuthFile, environment).Select(path => new AuthFileCredentialStore(path, helpers.Get)));
        }

        return new CredentialStoreChain(stores);
    }

    internal AuthenticationChallenge? KnownChallenge(string origin) => _challenges.TryGetValue(origin, out var challenge) ? challenge : null;

    internal void Remember(string origin, AuthenticationChallenge challenge)
    {
        _challenges[origin] = challenge;
        _openOrigins.TryRemove(origin, out _);
    }

    /// <summary>Whether the origin's <c>/v2/</c> answered without a challenge (so probing it again would learn nothing).</summary>
    internal bool IsOpen(string origin) => _openOrigins.ContainsKey(origin);

    internal void MarkOpen(string origin) => _openOrigins.TryAdd(origin, true);

    /// <summary>The credentials for a request: its own, else the stores' (cached for a while, one lookup per key at a time).</summary>
    internal async Task<RegistryCredential?> GetCredentialAsync(string registry, string? repository, RegistryCredential? explicitCredential, CancellationToken cancellationToken)
    {
        if (explicitCredential is not null)
        {
            return explicitCredential;
        }

        var key = (RegistryHosts.Normalize(registry), repository);
        while (true)
        {
            var mine = new Lazy<Task<CachedCredential>>(() => LookUpAsync(key.Item1, key.repository));
            var entry = _credentials.GetOrAdd(key, mine);
            CachedCredential cached;
            try
            {
                cached = await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                _credentials.TryRemove(new(key, entry));
                throw;
            }

            if (ReferenceEquals(entry, mine) || _timeProvider.GetUtcNow() - cached.FoundAt < _credentialCacheDuration)
            {
                return cached.Credential;
            }

            _credentials.TryRemove(new(key, entry));
        }
    }

    private async Task<CachedCredential> LookUpAsync(string registry, string? repository)
    {
        using var deadline = new CancellationTokenSource(_tokenTimeout, _timeProvider);
        var credential = await _store.GetAsync(registry, repository, deadline.Token).ConfigureAwait(false);
        return new CachedCredential(credential, _timeProvider.GetUtcNow());
    }

    /// <summary>
    /// The Authorization header answering <paramref name="challenge"/> for a request needing <paramref name="scopes"/>,
    /// or <see langword="null"/> when there is nothing to send (Basic without credentials).
    /// </summary>
    internal async Task<Authorization?> AuthorizeAsync(
        AuthenticationChallenge challenge,
        AuthContext context,
        IReadOnlyList<RegistryAuthScope> scopes,
        HttpSender send,
        CancellationToken cancellationToken)
    {
        var credential = await GetCredentialAsync(context.Registry, ScopeRepository(scopes), context.ExplicitCredential, cancellationToken).ConfigureAwait(false);
        if (credential?.RegistryToken is { } registryToken)
        {
            return new Authorization(new AuthenticationHeaderValue("Bearer", registryToken), null, null);
        }

        if (challenge.IsBasic)
        {
            if (credential is not { IsUsernamePassword: true })
            {
                return null;
            }

            if (!context.Origin.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && !context.Insecure)
            {
                AuthLog.BasicOverHttpRefused(Logger, context.Registry);
                return null;
            }

            return new Authorization(TokenClient.BasicHeader(credential), null, null);
        }

        if (!challenge.IsBearer)
        {
            return null;
        }

        var realm = RealmPolicy.Validate(challenge.Realm, context.Registry, context.Insecure);
        if (credential is not null && !RealmPolicy.MaySendCredentials(realm, context.Host))
        {
            AuthLog.RealmInternal(Logger, context.Registry, realm.Authority);
            credential = null;
        }

        var merged = RegistryAuthScope.Merge(scopes);
        var refreshKey = (realm.AbsoluteUri, challenge.Service, credential);
        var request = new TokenRequest(
            context.Registry,
            realm,
            challenge.Service,
            merged,
            credential,
            _refreshTokens.TryGetValue(refreshKey, out var refresh) ? refresh : null);
        var key = TokenCacheKey.For(request);
        var token = await Tokens.GetOrFetchAsync(
            key,
            async token =>
            {
                AuthLog.FetchingToken(Logger, context.Registry, realm.Authority, key.Scopes, credential is null ? "anonymous" : "with credentials");
                var fetched = await _tokenClient.FetchAsync(send, request, token).ConfigureAwait(false);
                if (fetched.RefreshToken is { } newRefresh)
                {
                    _refreshTokens[refreshKey] = newRefresh;
                }

                return fetched;
            },
            _tokenTimeout,
            cancellationToken).ConfigureAwait(false);
        return new Authorization(new AuthenticationHeaderValue("Bearer", token.AccessToken), key, token);
    }

    /// <summary>Drops a token the registry rejected, so the next request fetches a new one.</summary>
    internal void Reject(Authorization authorization)
    {
        if (authorization is { Key: { } key, Token: { } token })
        {
            Tokens.Invalidate(key, token);
        }
    }

    private static string? ScopeRepository(IReadOnlyList<RegistryAuthScope> scopes) => Scopes.ScopeInference.Repository(scopes);

    private sealed record CachedCredential(RegistryCredential? Credential, DateTimeOffset FoundAt);
}

/// <summary>What the handler knows about a request: its registry, origin and per-request credentials.</summary>
internal sealed record AuthContext(string Registry, bool Insecure, string Origin, string Host, RegistryCredential? ExplicitCredential);

/// <summary>An Authorization header and, for bearer tokens from the cache, the token it carries. Never shows the header.</summary>
internal sealed record Authorization(AuthenticationHeaderValue Header, TokenCacheKey? Key, RegistryToken? Token)
{
    public override string ToString() => $"Authorization {{ Scheme = {Header.Scheme} }}";
}
