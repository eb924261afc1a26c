using OciRegistry.Client.Auth.IntegrationTests.Support;
using OciRegistry.Client.Http;
using OciRegistry.Client.TestSupport.Logging;
using Xunit.Abstractions;

namespace OciRegistry.Client.Auth.IntegrationTests.Htpasswd;

public sealed class HtpasswdTlsTests(HtpasswdTlsRegistry registry, ITestOutputHelper output) : IClassFixture<HtpasswdTlsRegistry>, IDisposable
{
    private readonly ProcessLogScope _log = registry.CaptureLog(output);

    public void Dispose() => _log.Dispose();

    [Fact]
    public async Task Pushes_and_pulls_over_https_without_being_marked_insecure()
    {
        using var client = new AuthTestClient(registry, AuthTestClient.Credentials(registry, HtpasswdUsers.Alice.Name, HtpasswdUsers.Alice.Password), insecure: false);
        var name = registry.NewRepository("htpasswd/tls");
        var image = TestImage.Create(layers: 2);

        await image.PushAsync(client.Repository(name, RepositoryAccess.PullPush), "v1");

        await image.VerifyAsync(client.Repository(name), "v1");
    }

    [Fact]
    public async Task A_wrong_password_over_https_is_an_authentication_error()
    {
        using var client = new AuthTestClient(registry, AuthTestClient.Credentials(registry, HtpasswdUsers.Alice.Name, "nope"), insecure: false);

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(
            () => client.Repository(registry.NewRepository("htpasswd/tls-wrong")).FetchManifestAsync("v1"));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
    }
}
