using System.Net;
using OciRegistry.Client.Auth.IntegrationTests.Support;
using OciRegistry.Client.Http;
using OciRegistry.Client.TestSupport.Logging;
using Xunit.Abstractions;

namespace OciRegistry.Client.Auth.IntegrationTests.Htpasswd;

public sealed class HtpasswdTests(HtpasswdRegistry registry, ITestOutputHelper output) : IClassFixture<HtpasswdRegistry>, IDisposable
{
    private readonly ProcessLogScope _log = registry.CaptureLog(output);

    public void Dispose() => _log.Dispose();

    [Fact]
    public async Task Pushes_and_pulls_with_the_right_credentials()
    {
        using var client = new AuthTestClient(registry, AuthTestClient.Credentials(registry, HtpasswdUsers.Alice.Name, HtpasswdUsers.Alice.Password));
        var name = registry.NewRepository("htpasswd/push");
        var image = TestImage.Create(layers: 3);

        await image.PushAsync(client.Repository(name, RepositoryAccess.PullPush), "v1");

        using var reader = new AuthTestClient(registry, AuthTestClient.Credentials(registry, HtpasswdUsers.Alice.Name, HtpasswdUsers.Alice.Password));
        await image.VerifyAsync(reader.Repository(name), "v1");
    }

    [Fact]
    public async Task A_wrong_password_is_a_clear_authentication_error()
    {
        using var client = new AuthTestClient(registry, AuthTestClient.Credentials(registry, HtpasswdUsers.Alice.Name, "wrong password"));
        var name = registry.NewRepository("htpasswd/wrong");

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => client.Repository(name).FetchManifestAsync("v1"));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Contains("refused for lack of credentials", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_credentials_are_a_clear_authentication_error_also_for_a_push()
    {
        using var client = new AuthTestClient(registry);
        var name = registry.NewRepository("htpasswd/anonymous");
        var image = TestImage.Create(layers: 1);

        var pull = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => client.Repository(name).FetchManifestAsync("v1"));
        var push = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => image.PushAsync(client.Repository(name, RepositoryAccess.PullPush), "v1"));

        Assert.Equal(HttpStatusCode.Unauthorized, pull.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, push.StatusCode);
        Assert.Contains(name, push.Message, StringComparison.Ordinal);
    }
}
