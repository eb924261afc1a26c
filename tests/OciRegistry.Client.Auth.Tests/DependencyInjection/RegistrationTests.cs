using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client.Auth.Tests.Support;

namespace OciRegistry.Client.Auth.Tests.DependencyInjection;

public sealed class RegistrationTests
{
    [Fact]
    public async Task Registers_one_authenticator_whose_handlers_share_its_cache()
    {
        var services = new ServiceCollection();
        services.AddOciRegistryAuthentication(o =>
        {
            o.UseAuthFiles = false;
            o.Credentials["registry.test"] = RegistryCredential.FromUsernamePassword("alice", "pw");
        });
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var authenticator = provider.GetRequiredService<RegistryAuthenticator>();
        Assert.Same(authenticator, provider.GetRequiredService<RegistryAuthenticator>());
        var registry = new TokenRegistry();

        // Two handler pipelines, as IHttpClientFactory creates over time: the second needs no new token and no 401.
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var handler = authenticator.CreateHandler("registry.test");
            handler.InnerHandler = registry.Server;
            using var invoker = new HttpMessageInvoker(handler, disposeHandler: false);
            using var request = new HttpRequestMessage(HttpMethod.Get, "https://registry.test/v2/a/manifests/latest");
            using var response = await invoker.SendAsync(request, default);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Single(registry.TokenRequests);
        Assert.Equal(3, registry.RegistryRequests.Count());
    }
}
