using Microsoft.Extensions.Time.Testing;
using OciRegistry.Client.Auth.IntegrationTests.Support;
using OciRegistry.Client.Http;
using OciRegistry.Client.TestSupport.TokenServer;

namespace OciRegistry.Client.Auth.IntegrationTests.Tokens;

/// <summary>
/// The client's clock is a <see cref="FakeTimeProvider"/> registered in DI (the authenticator takes its
/// <see cref="TimeProvider"/> from there), so a token's expiry is reached without waiting; the registry checks the
/// tokens against its own clock, for which they stay valid.
/// </summary>
public sealed class TokenExpiryTests
{
    [Theory]
    [InlineData(60)]
    [InlineData(180)]
    public async Task A_token_is_reused_until_its_expires_in_and_fetched_again_after(int expiresIn)
    {
        await using var fixture = await TokenRegistry.StartAsync(new TokenServerOptions
        {
            Accounts = [TokenRegistry.Pusher],
            ExpiresIn = TimeSpan.FromSeconds(expiresIn),
        });
        var name = fixture.Registry.NewRepository("tokens/expiry");
        var image = TestImage.Create(layers: 1);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var client = new AuthTestClient(
            fixture.Registry,
            o => o.Credentials[fixture.Registry.Host] = RegistryCredential.FromUsernamePassword(TokenRegistry.Pusher.Name, TokenRegistry.Pusher.Password),
            timeProvider: clock,
            client: o => o.Retry.MaxRetries = 0);
        var repository = client.Repository(name, RepositoryAccess.PullPush);
        await image.PushAsync(repository, "v1");
        Assert.Equal(1, fixture.Tokens.RequestsFor(name));

        // Well inside the lifetime (the cache drops a token a tenth of its lifetime early, at most 30 s): reused.
        clock.Advance(TimeSpan.FromSeconds(expiresIn * 0.8));
        await repository.FetchManifestAsync("v1");
        Assert.Equal(1, fixture.Tokens.RequestsFor(name));

        // Past it: a new token.
        clock.Advance(TimeSpan.FromSeconds(expiresIn * 0.2) + TimeSpan.FromSeconds(1));
        await repository.FetchManifestAsync("v1");
        Assert.Equal(2, fixture.Tokens.RequestsFor(name));
    }
}
