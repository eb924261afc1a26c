using System.Collections.Concurrent;
using System.Net;
using OciRegistry.Client.Auth.Scopes;

namespace OciRegistry.Client.Auth.Tests.Support;

/// <summary>
/// A scripted registry behind Docker token auth: <c>https://registry.test</c> challenges with
/// <c>Bearer realm="https://auth.test/token",service="registry.test",scope="…"</c> and accepts a token only if it
/// grants the scope the request needs; <c>https://auth.test/token</c> issues numbered tokens for the scopes asked
/// (GET or POST), narrowed by <see cref="Grant"/>.
/// </summary>
public sealed class TokenRegistry
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<RegistryAuthScope>> _issued = new();
    private int _count;

    public TokenRegistry(string realm = "https://auth.test/token")
    {
        Realm = realm;
        var realmUri = new Uri(realm);
        Server = new ScriptedServer()
            .On(r => r.RequestUri!.Host == realmUri.Host && r.RequestUri.AbsolutePath == realmUri.AbsolutePath, Issue)
            .On(r => r.RequestUri!.Host == "registry.test", Serve);
    }

    public string Realm { get; }

    public ScriptedServer Server { get; }

    /// <summary>Narrows what the token server grants (by default everything asked).</summary>
    public Func<IReadOnlyList<RegistryAuthScope>, IReadOnlyList<RegistryAuthScope>> Grant { get; set; } = s => s;

    /// <summary>Revokes a token: the registry answers it with <c>error="invalid_token"</c> from now on.</summary>
    public void Revoke(string token) => _revoked.TryAdd(token, true);

    /// <summary>When set, the token server adds this refresh token to its answers.</summary>
    public string? RefreshToken { get; set; }

    public IEnumerable<SeenRequest> TokenRequests => Server.Requests.Where(r => r.Uri.Host == new Uri(Realm).Host);

    public IEnumerable<SeenRequest> RegistryRequests => Server.Requests.Where(r => r.Uri.Host == "registry.test");

    private readonly ConcurrentDictionary<string, bool> _revoked = new();

    private HttpResponseMessage Issue(SeenRequest request)
    {
        var scopes = request.Method == HttpMethod.Post
            ? request.Form.Where(p => p.Key == "scope").SelectMany(p => p.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            : request.Query.Where(p => p.Key == "scope").Select(p => p.Value);
        var token = $"token-{Interlocked.Increment(ref _count)}";
        _issued[token] = Grant([.. scopes.Select(RegistryAuthScope.Parse)]);
        var refresh = RefreshToken is null ? string.Empty : $",\"refresh_token\":\"{RefreshToken}\"";
        return ScriptedServer.Json($"{{\"token\":\"{token}\",\"expires_in\":300{refresh}}}");
    }

    private HttpResponseMessage Serve(SeenRequest request)
    {
        using var message = new HttpRequestMessage(request.Method, request.Uri);
        var needed = ScopeInference.Infer(message);
        var challenge = $"Bearer realm=\"{Realm}\",service=\"registry.test\"";
        if (needed.Count > 0)
        {
            challenge += $",scope=\"{string.Join(' ', needed)}\"";
        }

        if (request.Authorization is not { } authorization || !authorization.StartsWith("Bearer ", StringComparison.Ordinal)
            || !_issued.TryGetValue(authorization["Bearer ".Length..], out var granted)
            || _revoked.ContainsKey(authorization["Bearer ".Length..]))
        {
            return ScriptedServer.Challenge(challenge + (request.Authorization is null ? string.Empty : ",error=\"invalid_token\""));
        }

        if (!needed.All(n => granted.Any(g => g.Covers(n))))
        {
            return ScriptedServer.Challenge(challenge + ",error=\"insufficient_scope\"");
        }

        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("ok") };
    }
}
