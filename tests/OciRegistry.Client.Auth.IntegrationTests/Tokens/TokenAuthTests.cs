using System.Net;
using OciRegistry.Client.Auth.IntegrationTests.Support;
using OciRegistry.Client.Http;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.TokenServer;
using Xunit.Abstractions;

namespace OciRegistry.Client.Auth.IntegrationTests.Tokens;

public sealed class TokenAuthTests(TokenRegistry fixture, ITestOutputHelper output) : IClassFixture<TokenRegistry>, IDisposable
{
    private readonly ProcessLogScope _log = fixture.Registry.CaptureLog(output);

    public void Dispose() => _log.Dispose();

    [Fact]
    public async Task Pushes_and_pulls_through_tokens()
    {
        var name = fixture.Registry.NewRepository("tokens/push");
        var image = TestImage.Create(layers: 2);
        using (var pusher = Client(TokenRegistry.Pusher))
        {
            await image.PushAsync(pusher.Repository(name, RepositoryAccess.PullPush), "v1");
        }

        using var reader = Client(TokenRegistry.Reader);
        await image.VerifyAsync(reader.Repository(name), "v1");

        var requests = fixture.Tokens.Requests.Where(r => r.Names(name)).ToList();
        Assert.Contains(requests, r => r.Account == "pusher" && r.Granted.SequenceEqual([$"repository:{name}:pull,push"]));
        Assert.Contains(requests, r => r.Account == "reader" && r.Granted.SequenceEqual([$"repository:{name}:pull"]));
        Assert.All(requests, r => Assert.Equal((int)HttpStatusCode.OK, r.StatusCode));
    }

    [Fact]
    public async Task A_pull_only_account_cannot_push_and_is_told_it_is_denied()
    {
        var name = fixture.Registry.NewRepository("tokens/pull-only");
        using var reader = Client(TokenRegistry.Reader);

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(
            () => TestImage.Create(layers: 1).PushAsync(reader.Repository(name, RepositoryAccess.PullPush), "v1"));

        output.WriteLine(error.Message);
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Contains("was denied", error.Message, StringComparison.Ordinal);
        Assert.Contains("insufficient_scope", error.Message, StringComparison.Ordinal);
        Assert.Contains(fixture.Tokens.Requests, r => r.Account == "reader" && r.Names(name) && r.Granted.SequenceEqual([$"repository:{name}:pull"]));
    }

    [Fact]
    public async Task Wrong_credentials_are_refused_by_the_token_server_with_a_clear_error()
    {
        var name = fixture.Registry.NewRepository("tokens/wrong");
        using var client = Client(TokenRegistry.Pusher with { Password = "not it" });

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => client.Repository(name).FetchManifestAsync("v1"));

        Assert.Contains("token server", error.Message, StringComparison.Ordinal);
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copying_a_four_layer_image_costs_at_most_two_token_requests_per_repository()
    {
        var source = fixture.Registry.NewRepository("tokens/copy-source");
        var destination = fixture.Registry.NewRepository("tokens/copy-destination");
        var image = TestImage.Create(layers: 4);
        using (var setup = Client(TokenRegistry.Pusher))
        {
            await image.PushAsync(setup.Repository(source, RepositoryAccess.PullPush), "v1");
        }

        var sourceBefore = fixture.Tokens.RequestsFor(source);
        var destinationBefore = fixture.Tokens.RequestsFor(destination);
        using var copier = Client(TokenRegistry.Pusher);

        await TestImage.CopyAsync(copier.Repository(source), copier.Repository(destination, RepositoryAccess.PullPush), "v1");

        var sourceTokens = fixture.Tokens.RequestsFor(source) - sourceBefore;
        var destinationTokens = fixture.Tokens.RequestsFor(destination) - destinationBefore;
        Assert.InRange(sourceTokens, 1, 2);
        Assert.InRange(destinationTokens, 1, 2);
        await image.VerifyAsync(copier.Repository(destination), "v1");
    }

    [Fact]
    public async Task A_repository_opened_for_pull_still_takes_pushes_on_a_token_registry_as_on_an_open_one()
    {
        var source = fixture.Registry.NewRepository("tokens/pull-opened-source");
        var destination = fixture.Registry.NewRepository("tokens/pull-opened-destination");
        var image = TestImage.Create(layers: 2);
        using var client = Client(TokenRegistry.Pusher);
        await image.PushAsync(client.Repository(source, RepositoryAccess.PullPush), "v1");

        await TestImage.CopyAsync(client.Repository(source), client.Repository(destination, RepositoryAccess.Pull), "v1");

        await image.VerifyAsync(client.Repository(destination), "v1");
        Assert.Contains(fixture.Tokens.Requests, r => r.Account == "pusher" && r.Names(destination) && r.Granted.SequenceEqual([$"repository:{destination}:pull,push"]));
    }

    [Fact]
    public async Task The_oauth2_password_grant_gets_a_refresh_token_that_later_fetches_use()
    {
        var name = fixture.Registry.NewRepository("tokens/oauth2");
        var image = TestImage.Create(layers: 1);
        var start = fixture.Tokens.Requests.Count;
        using var client = Client(TokenRegistry.Pusher, o => o.UseOAuth2PasswordGrant = true);

        await image.PushAsync(client.Repository(name, RepositoryAccess.PullPush), "v1");
        // Another scope set: a new token, fetched with the refresh token the password grant returned.
        await image.VerifyAsync(client.Repository(name, RepositoryAccess.Pull), "v1");

        // Tests of one class run one at a time, so every request since the start is this client's.
        var requests = fixture.Tokens.Requests.Skip(start).ToList();
        Assert.All(requests, r => Assert.Equal(("POST", "pusher", 200), (r.Method, r.Account, r.StatusCode)));
        Assert.Equal("password", requests[0].GrantType);
        Assert.All(requests.Skip(1), r => Assert.Equal("refresh_token", r.GrantType));
        Assert.Equal(2, requests.Count(r => r.Names(name)));
    }

    [Fact]
    public async Task An_identity_token_is_exchanged_with_the_refresh_token_grant()
    {
        var name = fixture.Registry.NewRepository("tokens/identity");
        var image = TestImage.Create(layers: 1);
        using (var setup = Client(TokenRegistry.Pusher, o => o.UseOAuth2PasswordGrant = true))
        {
            await image.PushAsync(setup.Repository(name, RepositoryAccess.PullPush), "v1");
        }

        var identityToken = await NewRefreshTokenAsync();
        using var client = new AuthTestClient(fixture.Registry, o => o.Credentials[fixture.Registry.Host] = RegistryCredential.FromIdentityToken(identityToken));

        await image.VerifyAsync(client.Repository(name), "v1");

        var last = fixture.Tokens.Requests.Last(r => r.Names(name));
        Assert.Equal(("POST", "refresh_token", "pusher"), (last.Method, last.GrantType, last.Account));
    }

    private AuthTestClient Client(TokenAccount account, Action<RegistryAuthenticationOptions>? configure = null) =>
        new(fixture.Registry, o =>
        {
            o.Credentials[fixture.Registry.Host] = RegistryCredential.FromUsernamePassword(account.Name, account.Password);
            configure?.Invoke(o);
        });

    // What `docker login` does for an OAuth2 registry: a password grant whose refresh token it keeps as identity token.
    private async Task<string> NewRefreshTokenAsync()
    {
        using var http = new HttpClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = TokenRegistry.Pusher.Name,
            ["password"] = TokenRegistry.Pusher.Password,
            ["client_id"] = "test",
            ["service"] = fixture.Tokens.Service,
            ["access_type"] = "offline",
        });
        using var response = await http.PostAsync(fixture.Tokens.Realm, form);
        response.EnsureSuccessStatusCode();
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("refresh_token").GetString()!;
    }
}
