using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client.Http;
using OciRegistry.Client.Models;
using OciRegistry.Client.TestSupport.Loopback;

namespace OciRegistry.Client.Auth.IntegrationTests.Redirects;

/// <summary>
/// A registry (a loopback server speaking the token flow) answers a blob GET with a 307 to storage on another
/// origin (a second loopback server on another port); what arrives there is checked on the receiving side.
/// </summary>
public sealed class CrossOriginRedirectTests
{
    private const string Token = "bearer-token-for-the-registry-only";
    private const string Repository = "team/app";

    [Theory]
    [InlineData(307)]
    [InlineData(302)]
    public async Task The_bearer_token_is_not_forwarded_to_the_redirect_target(int status)
    {
        var blob = RandomNumberGenerator.GetBytes(2048);
        var descriptor = Descriptor.FromContent(MediaTypes.OciLayerGzip, blob);
        await using var storage = await LoopbackHttpServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/octet-stream";
            await context.Response.Body.WriteAsync(blob);
        });
        LoopbackHttpServer? registry = null;
        registry = await LoopbackHttpServer.StartAsync(context => Registry(context, registry!, storage, descriptor, status));
        await using var registryScope = registry;
        await using var services = Services(registry);
        var repository = services.GetRequiredService<OciRegistryClient>().GetRepository(ImageReference.Parse($"{registry.Host}/{Repository}"));

        await using (var content = await repository.FetchBlobAsync(descriptor))
        {
            using var buffer = new MemoryStream();
            await content.Stream.CopyToAsync(buffer);
            Assert.Equal(blob, buffer.ToArray());
        }

        var blobRequests = registry.Received.Where(r => r.PathAndQuery.Contains("/blobs/", StringComparison.Ordinal)).ToList();
        Assert.Contains(blobRequests, r => r.Header("Authorization") == $"Bearer {Token}");
        var atStorage = Assert.Single(storage.Received);
        Assert.StartsWith("/storage/", atStorage.PathAndQuery, StringComparison.Ordinal);
        Assert.Null(atStorage.Header("Authorization"));
        Assert.DoesNotContain(atStorage.Headers.Values, v => v.Contains(Token, StringComparison.Ordinal));
    }

    private static async Task Registry(HttpContext context, LoopbackHttpServer self, LoopbackHttpServer storage, Descriptor blob, int status)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (path == "/token")
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"token":"{{Token}}","expires_in":300}""");
            return;
        }

        if (context.Request.Headers.Authorization.ToString() != $"Bearer {Token}")
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"{self.BaseAddress}token\",service=\"loopback\"";
            return;
        }

        if (path == "/v2/")
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{}");
        }
        else if (path == $"/v2/{Repository}/blobs/{blob.Digest}")
        {
            context.Response.StatusCode = status;
            context.Response.Headers.Location = new Uri(storage.BaseAddress, $"storage/{blob.Digest.Encoded}?signature=abc").AbsoluteUri;
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    private static ServiceProvider Services(LoopbackHttpServer registry)
    {
        var services = new ServiceCollection();
        services.AddOciRegistryClient(o =>
        {
            o.Registries[registry.Host] = new RegistryHostOptions { Insecure = true };
            o.Retry.MaxRetries = 0;
        });
        services.AddOciRegistryAuthentication(o =>
        {
            o.UseAuthFiles = false;
            o.Credentials[registry.Host] = RegistryCredential.FromUsernamePassword("alice", "pw");
        });
        return services.BuildServiceProvider();
    }
}
