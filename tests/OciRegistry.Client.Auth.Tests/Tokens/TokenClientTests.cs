using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using OciRegistry.Client.Auth.Tests.Support;
using OciRegistry.Client.Auth.Tokens;

namespace OciRegistry.Client.Auth.Tests.Tokens;

public sealed class TokenClientTests
{
    private static readonly Uri Realm = new("https://auth.test/token");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Gets_a_token_with_one_scope_parameter_per_scope_and_basic_credentials()
    {
        using var server = new ScriptedServer().On("auth.test", "/token", _ => ScriptedServer.Json("""{"token":"t1","expires_in":300}"""));
        var request = Request([RegistryAuthScope.Repository("a", "pull"), RegistryAuthScope.Repository("localhost:5000/b", "pull", "push")], RegistryCredential.FromUsernamePassword("alice", "s3cret"));

        var token = await Client().FetchAsync(Send(server), request, default);

        Assert.Equal("t1", token.AccessToken);
        Assert.Equal(_time.GetUtcNow().AddSeconds(300), token.ExpiresAt);
        var seen = Assert.Single(server.Requests);
        Assert.Equal(HttpMethod.Get, seen.Method);
        Assert.Equal(
            [new("service", "registry.test"), new("scope", "repository:a:pull"), new("scope", "repository:localhost:5000/b:pull,push"), new("account", "alice")],
            seen.Query);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:s3cret")), seen.Authorization);
    }

    [Fact]
    public async Task Gets_anonymously_without_credentials_and_keeps_the_realm_query()
    {
        using var server = new ScriptedServer().On("auth.test", "/token", _ => ScriptedServer.Json("""{"access_token":"t2"}"""));
        var request = Request([RegistryAuthScope.Catalog], null) with { Realm = new Uri("https://auth.test/token?tenant=x") };

        var token = await Client().FetchAsync(Send(server), request, default);

        Assert.Equal("t2", token.AccessToken);
        var seen = Assert.Single(server.Requests);
        Assert.Null(seen.Authorization);
        Assert.Equal([new("tenant", "x"), new("service", "registry.test"), new("scope", "registry:catalog:*")], seen.Query);
    }

    [Fact]
    public async Task Posts_the_oauth2_refresh_grant_with_an_identity_token()
    {
        using var server = new ScriptedServer().On(r => r.Method == HttpMethod.Post, _ => ScriptedServer.Json("""{"access_token":"t3","refresh_token":"r2","expires_in":120}"""));
        var request = Request([RegistryAuthScope.Repository("a", "pull"), RegistryAuthScope.Repository("b", "push")], RegistryCredential.FromIdentityToken("id-token"));

        var token = await Client().FetchAsync(Send(server), request, default);

        Assert.Equal("t3", token.AccessToken);
        Assert.Equal("r2", token.RefreshToken);
        var seen = Assert.Single(server.Requests);
        Assert.Equal(HttpMethod.Post, seen.Method);
        Assert.Null(seen.Authorization);
        Assert.Equal(
            [new("grant_type", "refresh_token"), new("refresh_token", "id-token"), new("client_id", "test-client"), new("service", "registry.test"), new("scope", "repository:a:pull repository:b:push")],
            seen.Form);
    }

    [Fact]
    public async Task Prefers_a_refresh_token_from_an_earlier_answer()
    {
        using var server = new ScriptedServer().On(r => r.Method == HttpMethod.Post, _ => ScriptedServer.Json("""{"token":"t"}"""));
        var request = Request([], RegistryCredential.FromUsernamePassword("alice", "pw")) with { RefreshToken = "kept" };

        await Client().FetchAsync(Send(server), request, default);

        var seen = Assert.Single(server.Requests);
        Assert.Contains(new KeyValuePair<string, string>("refresh_token", "kept"), seen.Form);
        Assert.DoesNotContain(seen.Form, p => p.Key == "scope");
    }

    [Fact]
    public async Task Posts_the_password_grant_when_asked_to()
    {
        using var server = new ScriptedServer().On(r => r.Method == HttpMethod.Post, _ => ScriptedServer.Json("""{"token":"t"}"""));
        var request = Request([RegistryAuthScope.Repository("a", "pull")], RegistryCredential.FromUsernamePassword("alice", "pw"));

        await new TokenClient("test-client", usePasswordGrant: true, _time).FetchAsync(Send(server), request, default);

        var seen = Assert.Single(server.Requests);
        Assert.Equal(
            [new("grant_type", "password"), new("username", "alice"), new("password", "pw"), new("client_id", "test-client"), new("service", "registry.test"), new("scope", "repository:a:pull")],
            seen.Form);
    }

    [Fact]
    public async Task Falls_back_to_get_when_the_post_answers_404()
    {
        using var server = new ScriptedServer()
            .On(r => r.Method == HttpMethod.Post, _ => new HttpResponseMessage(HttpStatusCode.NotFound))
            .On(r => r.Method == HttpMethod.Get, _ => ScriptedServer.Json("""{"token":"from-get"}"""));
        var request = Request([RegistryAuthScope.Repository("a", "pull")], RegistryCredential.FromIdentityToken("id"));

        var token = await Client().FetchAsync(Send(server), request, default);

        Assert.Equal("from-get", token.AccessToken);
        Assert.Equal([HttpMethod.Post, HttpMethod.Get], server.Requests.Select(r => r.Method));
    }

    [Theory]
    [InlineData("""{"token":"t"}""", 60)]
    [InlineData("""{"token":"t","expires_in":0}""", 60)]
    [InlineData("""{"token":"t","expires_in":-5}""", 60)]
    [InlineData("""{"token":"t","expires_in":30}""", 60)]
    [InlineData("""{"token":"t","expires_in":60}""", 60)]
    [InlineData("""{"token":"t","expires_in":3600}""", 3600)]
    [InlineData("""{"token":"t","expires_in":"300"}""", 60)]
    [InlineData("""{"token":"t","expires_in":1e300}""", 60)]
    public async Task Takes_expires_in_as_at_least_sixty_seconds(string json, int seconds)
    {
        using var server = new ScriptedServer().On(_ => true, _ => ScriptedServer.Json(json));

        var token = await Client().FetchAsync(Send(server), Request([], null), default);

        Assert.Equal(TimeSpan.FromSeconds(seconds), token.ExpiresAt - _time.GetUtcNow());
    }

    [Fact]
    public async Task Prefers_token_over_access_token()
    {
        using var server = new ScriptedServer().On(_ => true, _ => ScriptedServer.Json("""{"access_token":"b","token":"a"}"""));

        Assert.Equal("a", (await Client().FetchAsync(Send(server), Request([], null), default)).AccessToken);
    }

    [Fact]
    public async Task Counts_the_lifetime_from_issued_at_when_it_is_plausible()
    {
        var issued = _time.GetUtcNow().AddSeconds(-100).ToString("O");
        using var server = new ScriptedServer().On(_ => true, _ => ScriptedServer.Json($$"""{"token":"t","expires_in":300,"issued_at":"{{issued}}"}"""));

        var token = await Client().FetchAsync(Send(server), Request([], null), default);

        Assert.Equal(TimeSpan.FromSeconds(200), token.ExpiresAt - _time.GetUtcNow());
        Assert.NotNull(token.IssuedAt);
    }

    [Theory]
    [InlineData(3600)]
    [InlineData(-3600)]
    public async Task Ignores_an_issued_at_skewed_beyond_the_lifetime(int offsetSeconds)
    {
        var issued = _time.GetUtcNow().AddSeconds(offsetSeconds).ToString("O");
        using var server = new ScriptedServer().On(_ => true, _ => ScriptedServer.Json($$"""{"token":"t","expires_in":300,"issued_at":"{{issued}}"}"""));

        var token = await Client().FetchAsync(Send(server), Request([], null), default);

        Assert.Equal(TimeSpan.FromSeconds(300), token.ExpiresAt - _time.GetUtcNow());
    }

    [Fact]
    public async Task Refuses_an_answer_larger_than_the_cap()
    {
        var big = "{\"token\":\"" + new string('a', TokenClient.MaxResponseSize) + "\"}";
        using var server = new ScriptedServer().On(_ => true, _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))) });

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => Client().FetchAsync(Send(server), Request([], null), default));

        Assert.Contains("larger than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_declared_length_over_the_cap_before_reading()
    {
        using var server = new ScriptedServer().On(_ => true, _ =>
        {
            var response = ScriptedServer.Json("{}");
            response.Content.Headers.ContentLength = TokenClient.MaxResponseSize + 1L;
            return response;
        });

        await Assert.ThrowsAsync<RegistryAuthenticationException>(() => Client().FetchAsync(Send(server), Request([], null), default));
    }

    [Theory]
    [InlineData("""{"expires_in":60}""")]
    [InlineData("""{"token":""}""")]
    [InlineData("[]")]
    [InlineData("not json")]
    public async Task Refuses_answers_without_a_token(string body)
    {
        using var server = new ScriptedServer().On(_ => true, _ => ScriptedServer.Json(body));

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => Client().FetchAsync(Send(server), Request([], null), default));

        Assert.Equal(RegistryOperation.Authenticate, error.Operation);
    }

    [Fact]
    public async Task Reports_a_refusal_with_its_status_and_without_secrets()
    {
        using var server = new ScriptedServer().On(_ => true, _ => new HttpResponseMessage(HttpStatusCode.Unauthorized));
        var request = Request([RegistryAuthScope.Repository("a", "pull")], RegistryCredential.FromUsernamePassword("alice", "s3cret"));

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => Client().FetchAsync(Send(server), request, default));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains("auth.test", error.Message, StringComparison.Ordinal);
        Assert.Contains("repository:a:pull", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hides_the_token_in_ToString()
    {
        var token = new RegistryToken("secret-token", _time.GetUtcNow(), _time.GetUtcNow().AddMinutes(1), null, "secret-refresh");

        Assert.DoesNotContain("secret", token.ToString(), StringComparison.Ordinal);
    }

    private TokenClient Client() => new("test-client", usePasswordGrant: false, _time);

    private static TokenRequest Request(IReadOnlyList<RegistryAuthScope> scopes, RegistryCredential? credential) =>
        new("registry.test", Realm, "registry.test", scopes, credential, null);

    private static HttpSender Send(ScriptedServer server)
    {
        var invoker = new HttpMessageInvoker(server, disposeHandler: false);
        return invoker.SendAsync;
    }
}
