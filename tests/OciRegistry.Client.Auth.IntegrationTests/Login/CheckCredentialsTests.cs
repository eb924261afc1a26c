using OciRegistry.Client.Auth.IntegrationTests.Htpasswd;
using OciRegistry.Client.Auth.IntegrationTests.Support;
using OciRegistry.Client.Auth.IntegrationTests.Tokens;

namespace OciRegistry.Client.Auth.IntegrationTests.Login;

/// <summary><see cref="Http.OciRegistryClient.CheckCredentialsAsync"/>: what a CLI's login checks before storing credentials.</summary>
public sealed class CheckCredentialsTests(HtpasswdRegistry htpasswd, TokenRegistry tokens) : IClassFixture<HtpasswdRegistry>, IClassFixture<TokenRegistry>
{
    [Fact]
    public async Task Basic_credentials_the_registry_accepts_pass()
    {
        using var client = new AuthTestClient(htpasswd);
        await client.Client.CheckCredentialsAsync(htpasswd.Host, RegistryCredential.FromUsernamePassword(HtpasswdUsers.Alice.Name, HtpasswdUsers.Alice.Password));
    }

    [Fact]
    public async Task A_wrong_basic_password_is_refused()
    {
        using var client = new AuthTestClient(htpasswd);
        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(
            () => client.Client.CheckCredentialsAsync(htpasswd.Host, RegistryCredential.FromUsernamePassword(HtpasswdUsers.Alice.Name, "wrong")));
        Assert.Contains(htpasswd.Host, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stored_credentials_are_not_used_in_place_of_the_ones_checked()
    {
        using var client = new AuthTestClient(
            htpasswd,
            o => o.Credentials[htpasswd.Host] = RegistryCredential.FromUsernamePassword(HtpasswdUsers.Alice.Name, HtpasswdUsers.Alice.Password));
        await Assert.ThrowsAsync<RegistryAuthenticationException>(
            () => client.Client.CheckCredentialsAsync(htpasswd.Host, RegistryCredential.FromUsernamePassword("mallory", "guess")));
    }

    [Fact]
    public async Task Token_credentials_are_checked_at_the_token_server()
    {
        using var client = new AuthTestClient(tokens.Registry);
        await client.Client.CheckCredentialsAsync(tokens.Registry.Host, RegistryCredential.FromUsernamePassword(TokenRegistry.Reader.Name, TokenRegistry.Reader.Password));
        await Assert.ThrowsAsync<RegistryAuthenticationException>(
            () => client.Client.CheckCredentialsAsync(tokens.Registry.Host, RegistryCredential.FromUsernamePassword(TokenRegistry.Reader.Name, "wrong")));
    }
}
