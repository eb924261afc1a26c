using System.Net;
using System.Text;
using OciRegistry.Client.Auth.Tests.Support;

namespace OciRegistry.Client.Auth.Tests;

public sealed class RegistryAuthenticationHandlerTests
{
    private const string Manifest = "https://registry.test/v2/team/app/manifests/latest";
    private static readonly RegistryCredential Alice = RegistryCredential.FromUsernamePassword("alice", "s3cret-pw");

    [Fact]
    public async Task Answers_a_bearer_challenge_then_sends_the_token_up_front()
    {
        var registry = new TokenRegistry();
        using var auth = new AuthHarness(registry.Server, Alice);

        using (var first = await auth.GetAsync(Manifest))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using (var second = await auth.GetAsync("https://registry.test/v2/team/app/blobs/sha256:abc"))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        // 401, retry, then the second request straight through with the cached token.
        Assert.Equal([null, "Bearer token-1", "Bearer token-1"], registry.RegistryRequests.Select(r => r.Authorization));
        var tokenRequest = Assert.Single(registry.TokenRequests);
        Assert.Equal([new("service", "registry.test"), new("scope", "repository:team/app:pull"), new("account", "alice")], tokenRequest.Query);
        Assert.StartsWith("Basic ", tokenRequest.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asks_for_every_declared_scope_at_once_and_reuses_the_token_for_the_whole_operation()
    {
        var registry = new TokenRegistry();
        using var auth = new AuthHarness(registry.Server, Alice);
        IReadOnlyList<RegistryAuthScope> scopes = [RegistryAuthScope.Repository("team/app", "pull", "push"), RegistryAuthScope.Repository("base/img", "pull")];

        for (var layer = 0; layer < 8; layer++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, $"https://registry.test/v2/team/app/blobs/uploads/u{layer}?digest=sha256:{layer}") { Content = new ByteArrayContent([1, 2, 3]) };
            request.Options.Set(RegistryAuthRequestOptions.Scopes, scopes);
            using var response = await auth.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var tokenRequest = Assert.Single(registry.TokenRequests);
        Assert.Equal(["repository:base/img:pull", "repository:team/app:pull,push"], tokenRequest.Query.Where(p => p.Key == "scope").Select(p => p.Value));
        Assert.Equal(9, registry.RegistryRequests.Count());
    }

    [Fact]
    public async Task Fetches_an_anonymous_token_without_credentials()
    {
        var registry = new TokenRegistry();
        using var auth = new AuthHarness(registry.Server);

        using var response = await auth.GetAsync(Manifest);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokenRequest = Assert.Single(registry.TokenRequests);
        Assert.Null(tokenRequest.Authorization);
        Assert.DoesNotContain(tokenRequest.Query, p => p.Key == "account");
    }

    [Fact]
    public async Task Widens_the_token_once_on_insufficient_scope()
    {
        var registry = new TokenRegistry();
        using var auth = new AuthHarness(registry.Server, Alice);
        using (await auth.GetAsync(Manifest))
        {
        }

        // Declared pull only, but the PUT needs push: the registry says insufficient_scope with pull,push.
        using var put = new HttpRequestMessage(HttpMethod.Put, Manifest) { Content = new ByteArrayContent([1]) };
        put.Options.Set(RegistryAuthRequestOptions.Scopes, (IReadOnlyList<RegistryAuthScope>)[RegistryAuthScope.Repository("team/app", "pull")]);
        using var response = await auth.SendAsync(put);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["repository:team/app:pull", "repository:team/app:pull,push"], registry.TokenRequests.Select(r => r.Query.Single(p => p.Key == "scope").Value));
    }

    [Fact]
    public async Task Gives_up_when_the_wider_token_is_still_insufficient()
    {
        var registry = new TokenRegistry { Grant = scopes => [.. scopes.Select(s => RegistryAuthScope.Repository(s.ResourceName, "pull"))] };
        using var auth = new AuthHarness(registry.Server, Alice);

        using var put = new HttpRequestMessage(HttpMethod.Put, Manifest) { Content = new ByteArrayContent([1]) };
        using var response = await auth.SendAsync(put);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(registry.TokenRequests);
        Assert.Equal(2, registry.RegistryRequests.Count());
    }

    [Fact]
    public async Task Never_loops_on_repeated_insufficient_scope()
    {
        var attempts = 0;
        using var server = new ScriptedServer()
            .On("auth.test", "/token", r => ScriptedServer.Json($"{{\"token\":\"t{r.Query.Count}-{Guid.NewGuid():N}\"}}"))
            .On(r => r.RequestUri!.Host == "registry.test", _ => ScriptedServer.Challenge(
                $"Bearer realm=\"https://auth.test/token\",service=\"registry.test\",scope=\"repository:x{Interlocked.Increment(ref attempts)}:pull\",error=\"insufficient_scope\""));
        using var auth = new AuthHarness(server, Alice);

        using var response = await auth.GetAsync(Manifest);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(server.To("registry.test", "/v2/team/app/manifests/latest").Count() <= 3);
    }

    [Fact]
    public async Task Fetches_a_new_token_once_when_the_registry_rejects_a_cached_one()
    {
        var registry = new TokenRegistry();
        using var auth = new AuthHarness(registry.Server, Alice);
        using (await auth.GetAsync(Manifest))
        {
        }

        registry.Revoke("token-1");
        using var response = await auth.GetAsync(Manifest);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, registry.TokenRequests.Count());
        Assert.Equal("Bearer token-2", registry.RegistryRequests.Last().Authorization);
    }

    [Fact]
    public async Task Stops_after_one_refetch_when_tokens_keep_being_rejected()
    {
        using var server = new ScriptedServer()
            .On("auth.test", "/token", _ => ScriptedServer.Json($"{{\"token\":\"{Guid.NewGuid():N}\"}}"))
            .On(r => r.RequestUri!.Host == "registry.test", _ => ScriptedServer.Challenge("Bearer realm=\"https://auth.test/token\",service=\"registry.test\",error=\"invalid_token\""));
        using var auth = new AuthHarness(server, Alice);

        using var response = await auth.GetAsync(Manifest);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(3, server.To("registry.test", "/v2/team/app/manifests/latest").Count());
        Assert.Equal(2, server.To("auth.test", "/token").Count());
    }

    [Fact]
    public async Task Answers_basic_then_sends_it_up_front()
    {
        using var server = new ScriptedServer().On(r => r.RequestUri!.Host == "registry.test", r =>
            r.Authorization == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:s3cret-pw"))
                ? new HttpResponseMessage(HttpStatusCode.OK)
                : ScriptedServer.Challenge("Basic realm=\"Registry Realm\""));
        using var auth = new AuthHarness(server, Alice);

        using (var first = await auth.GetAsync(Manifest))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using (var second = await auth.GetAsync(Manifest))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        Assert.Equal(3, server.Requests.Count);
        Assert.Null(server.Requests.First().Authorization);
    }

    [Fact]
    public async Task Returns_the_401_when_basic_credentials_are_wrong_without_retrying_again()
    {
        using var server = new ScriptedServer().On(_ => true, _ => ScriptedServer.Challenge("Basic realm=\"r\""));
        using var auth = new AuthHarness(server, Alice);

        using var response = await auth.GetAsync(Manifest);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(2, server.Requests.Count);
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    public async Task Sends_basic_over_plain_http_only_to_insecure_registries(bool insecure, int requests)
    {
        using var server = new ScriptedServer().On(_ => true, r => r.Authorization is null ? ScriptedServer.Challenge("Basic realm=\"r\"") : new HttpResponseMessage(HttpStatusCode.OK));
        using var auth = new AuthHarness(server, Alice, registry: "registry.test:5000", insecure: insecure);

        using var response = await auth.GetAsync("http://registry.test:5000/v2/team/app/manifests/latest");

        Assert.Equal(requests, server.Requests.Count);
        Assert.Equal(insecure ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Refuses_a_plain_http_realm_for_a_secure_registry()
    {
        var registry = new TokenRegistry("http://auth.test/token");
        using var auth = new AuthHarness(registry.Server, Alice);

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => auth.GetAsync(Manifest));

        Assert.Contains("HTTPS", error.Message, StringComparison.Ordinal);
        Assert.Empty(registry.TokenRequests);
    }

    [Fact]
    public async Task Accepts_a_plain_http_realm_for_an_insecure_registry()
    {
        var registry = new TokenRegistry("http://auth.test/token");
        using var auth = new AuthHarness(registry.Server, Alice, insecure: true);

        using var response = await auth.GetAsync(Manifest);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Sends_no_credentials_to_a_realm_on_a_private_address()
    {
        var registry = new TokenRegistry("https://10.1.2.3/token");
        using var auth = new AuthHarness(registry.Server, Alice);

        using var response = await auth.GetAsync(Manifest);

        var tokenRequest = Assert.Single(registry.TokenRequests);
        Assert.Null(tokenRequest.Authorization);
        Assert.DoesNotContain(tokenRequest.Query, p => p.Key == "account");
        Assert.Contains(auth.Logs.Lines, l => l.Contains("internal address", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sends_credentials_to_a_private_realm_on_the_registry_host_itself()
    {
        using var server = new ScriptedServer()
            .On(r => r.RequestUri!.AbsolutePath == "/token", _ => ScriptedServer.Json("{\"token\":\"t\"}"))
            .On(_ => true, r => r.Authorization == "Bearer t" ? new HttpResponseMessage(HttpStatusCode.OK) : ScriptedServer.Challenge("Bearer realm=\"https://127.0.0.1:9000/token\",service=\"s\""));
        using var auth = new AuthHarness(server, Alice, registry: "127.0.0.1:5000");

        using var response = await auth.GetAsync("https://127.0.0.1:5000/v2/team/app/manifests/latest");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("Basic ", server.Requests.Single(r => r.Uri.AbsolutePath == "/token").Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settles_credentials_before_sending_a_body_that_cannot_be_replayed()
    {
        var registry = new TokenRegistry();
        registry.Server.On("registry.test", "/v2/", _ => ScriptedServer.Challenge("Bearer realm=\"https://auth.test/token\",service=\"registry.test\""));
        using var auth = new AuthHarness(registry.Server, Alice);
        using var upload = new HttpRequestMessage(HttpMethod.Put, "https://registry.test/v2/team/app/blobs/uploads/u1?digest=sha256:abc")
        {
            Content = new StreamContent(new MemoryStream([1, 2, 3])),
        };
        upload.Options.Set(RegistryAuthRequestOptions.Scopes, (IReadOnlyList<RegistryAuthScope>)[RegistryAuthScope.Repository("team/app", "pull", "push")]);

        using var response = await auth.SendAsync(upload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            ["GET https://registry.test/v2/", "GET https://auth.test/token", "PUT https://registry.test/v2/team/app/blobs/uploads/u1"],
            registry.Server.Requests.Select(r => $"{r.Method} {r.Uri.GetLeftPart(UriPartial.Path)}"));
        Assert.Equal("Bearer token-1", registry.Server.Requests.Last().Authorization);
    }

    [Fact]
    public async Task Does_not_probe_when_the_challenge_is_already_known()
    {
        var registry = new TokenRegistry();
        using var auth = new AuthHarness(registry.Server, Alice);
        using (await auth.GetAsync(Manifest))
        {
        }

        using var upload = new HttpRequestMessage(HttpMethod.Put, "https://registry.test/v2/team/app/blobs/uploads/u1") { Content = new StreamContent(new MemoryStream([1])) };
        using var response = await auth.SendAsync(upload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(registry.Server.To("registry.test", "/v2/"));
        Assert.Single(registry.Server.To("registry.test", "/v2/team/app/blobs/uploads/u1"));
    }

    [Fact]
    public async Task Probes_an_open_registry_once_and_sends_streams_as_they_are()
    {
        using var server = new ScriptedServer().On(_ => true, _ => new HttpResponseMessage(HttpStatusCode.OK));
        using var auth = new AuthHarness(server);

        for (var i = 0; i < 3; i++)
        {
            using var upload = new HttpRequestMessage(HttpMethod.Put, $"https://registry.test/v2/a/blobs/uploads/u{i}") { Content = new StreamContent(new MemoryStream([1])) };
            using var response = await auth.SendAsync(upload);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Single(server.To("registry.test", "/v2/"));
        Assert.All(server.Requests, r => Assert.Null(r.Authorization));
    }

    [Fact]
    public async Task Returns_the_401_of_a_stream_it_cannot_resend()
    {
        var calls = 0;
        using var server = new ScriptedServer()
            .On("registry.test", "/v2/", _ => new HttpResponseMessage(HttpStatusCode.OK))
            .On(_ => true, _ => Interlocked.Increment(ref calls) == 1 ? ScriptedServer.Challenge("Basic realm=\"r\"") : new HttpResponseMessage(HttpStatusCode.OK));
        using var auth = new AuthHarness(server, Alice);
        using var upload = new HttpRequestMessage(HttpMethod.Put, "https://registry.test/v2/a/blobs/uploads/u") { Content = new StreamContent(new MemoryStream([1])) };

        using var response = await auth.SendAsync(upload);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(server.To("registry.test", "/v2/a/blobs/uploads/u"));

        // The challenge is remembered: the caller's next attempt carries credentials.
        using var again = new HttpRequestMessage(HttpMethod.Put, "https://registry.test/v2/a/blobs/uploads/u") { Content = new StreamContent(new MemoryStream([1])) };
        using var retried = await auth.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.StartsWith("Basic ", server.Requests.Last().Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sends_a_raw_registry_token_as_it_is()
    {
        var registry = new TokenRegistry();
        using var server = new ScriptedServer().On(_ => true, r => r.Authorization == "Bearer raw-token" ? new HttpResponseMessage(HttpStatusCode.OK) : ScriptedServer.Challenge("Bearer realm=\"https://auth.test/token\""));
        using var auth = new AuthHarness(server, RegistryCredential.FromRegistryToken("raw-token"));

        using var response = await auth.GetAsync(Manifest);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(server.To("auth.test", "/token"));
    }

    [Fact]
    public async Task Uses_credentials_given_on_the_request_instead_of_the_stores()
    {
        var registry = new TokenRegistry();
        using var auth = new AuthHarness(registry.Server, Alice);
        using var request = new HttpRequestMessage(HttpMethod.Get, Manifest);
        request.Options.Set(RegistryAuthRequestOptions.Credential, RegistryCredential.FromUsernamePassword("bob", "other"));

        using var response = await auth.SendAsync(request);

        Assert.Contains(new KeyValuePair<string, string>("account", "bob"), Assert.Single(registry.TokenRequests).Query);
    }

    [Fact]
    public async Task Exchanges_a_kept_refresh_token_for_later_scopes()
    {
        var registry = new TokenRegistry { RefreshToken = "refresh-1" };
        using var auth = new AuthHarness(registry.Server, Alice);

        using (await auth.GetAsync(Manifest))
        {
        }

        using (await auth.GetAsync("https://registry.test/v2/other/manifests/latest"))
        {
        }

        var requests = registry.TokenRequests.ToList();
        Assert.Equal([HttpMethod.Get, HttpMethod.Post], requests.Select(r => r.Method));
        Assert.Contains(new KeyValuePair<string, string>("refresh_token", "refresh-1"), requests[1].Form);
        Assert.Contains(new KeyValuePair<string, string>("scope", "repository:other:pull"), requests[1].Form);
    }

    [Fact]
    public async Task Leaves_requests_that_carry_their_own_authorization_alone()
    {
        var registry = new TokenRegistry();
        using var auth = new AuthHarness(registry.Server, Alice);
        using var request = new HttpRequestMessage(HttpMethod.Get, Manifest);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "mine");

        using var response = await auth.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(registry.TokenRequests);
    }

    [Fact]
    public async Task Refetches_when_the_cached_token_nears_expiry()
    {
        var registry = new TokenRegistry();
        using var auth = new AuthHarness(registry.Server, Alice);
        using (await auth.GetAsync(Manifest))
        {
        }

        auth.Time.Advance(TimeSpan.FromSeconds(271));
        using (var response = await auth.GetAsync(Manifest))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(2, registry.TokenRequests.Count());
        Assert.Equal("Bearer token-2", registry.RegistryRequests.Last().Authorization);
        Assert.Equal(3, registry.RegistryRequests.Count());
    }

    [Fact]
    public async Task Concurrent_requests_share_one_token_fetch()
    {
        var registry = new TokenRegistry();
        using var auth = new AuthHarness(registry.Server, Alice);
        using (await auth.GetAsync(Manifest))
        {
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => auth.GetAsync($"https://registry.test/v2/other/blobs/sha256:{i}")));
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }

        Assert.Equal(2, registry.TokenRequests.Count());
    }

    [Fact]
    public async Task Never_logs_secrets()
    {
        var registry = new TokenRegistry { RefreshToken = "refresh-secret" };
        using var auth = new AuthHarness(registry.Server, Alice);
        using (await auth.GetAsync(Manifest))
        {
        }

        registry.Revoke("token-1");
        using (await auth.GetAsync(Manifest))
        {
        }

        Assert.NotEmpty(auth.Logs.Lines);
        Assert.All(auth.Logs.Lines, line =>
        {
            Assert.DoesNotContain("s3cret-pw", line, StringComparison.Ordinal);
            Assert.DoesNotContain("token-", line, StringComparison.Ordinal);
            Assert.DoesNotContain("refresh-secret", line, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:s3cret-pw")), line, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_message_sent_twice_is_authorized_afresh_not_taken_as_the_callers_own()
    {
        var registry = new TokenRegistry();
        using var auth = new AuthHarness(registry.Server, RegistryCredential.FromUsernamePassword("alice", "pw"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://registry.test/v2/team/app/manifests/latest");
        using (await auth.SendAsync(request))
        {
        }

        registry.Revoke("token-1");
        using var again = await auth.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("Bearer token-2", registry.RegistryRequests.Last().Authorization);
    }

    [Theory]
    [InlineData("https://storage.test/upload/u1", "registry.test")]
    [InlineData("https://registry.test:8443/v2/team/app/blobs/uploads/u1", "registry.test")]
    [InlineData("http://registry.test/v2/team/app/blobs/uploads/u1", "registry.test:5000")]
    [InlineData("https://registry-1.docker.io.evil.test/v2/library/x/blobs/uploads/u1", "docker.io")]
    public async Task A_request_to_another_origin_carries_no_credentials_and_its_challenge_is_not_answered(string uri, string registry)
    {
        using var server = new ScriptedServer()
            .On(r => r.RequestUri!.AbsolutePath == "/token", _ => ScriptedServer.Json("{\"token\":\"registry-token\"}"))
            .On(_ => true, _ => ScriptedServer.Challenge($"Bearer realm=\"https://auth.test/token\",service=\"other\""));
        using var auth = new AuthHarness(server, Alice, registry: registry, insecure: true);

        using var replayable = await auth.GetAsync(uri);
        using var upload = new HttpRequestMessage(HttpMethod.Put, uri) { Content = new StreamContent(new MemoryStream([1])) };
        using var streamed = await auth.SendAsync(upload);

        Assert.Equal(HttpStatusCode.Unauthorized, replayable.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, streamed.StatusCode);
        Assert.Equal([uri, uri], server.Requests.Select(r => r.Uri.AbsoluteUri));
        Assert.All(server.Requests, r => Assert.Null(r.Authorization));
    }

    [Theory]
    [InlineData("https://registry-1.docker.io/v2/library/x/manifests/latest", "docker.io")]
    [InlineData("https://registry.test/v2/team/app/manifests/latest", "registry.test")]
    [InlineData("https://registry.test:443/v2/team/app/manifests/latest", "registry.test")]
    [InlineData("http://registry.test:5000/v2/team/app/manifests/latest", "registry.test:5000")]
    [InlineData("http://[::1]:5000/v2/team/app/manifests/latest", "[::1]:5000")]
    public async Task A_request_to_the_registrys_own_origin_is_authenticated(string uri, string registry)
    {
        using var server = new ScriptedServer()
            .On(_ => true, r => r.Authorization is null ? ScriptedServer.Challenge("Basic realm=\"r\"") : new HttpResponseMessage(HttpStatusCode.OK));
        using var auth = new AuthHarness(server, Alice, registry: registry, insecure: true);

        using var response = await auth.GetAsync(uri);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("Basic ", server.Requests.Last().Authorization, StringComparison.Ordinal);
    }
}
