using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client.Hosting.Tests.Support;
using OciRegistry.Client.Http;
using OciRegistry.Client.TestSupport.Registry;
using OciRegistry.Client.TestSupport.TokenServer;

namespace OciRegistry.Client.Hosting.Tests.Diagnostics;

public sealed class TokenTelemetryTests
{
    [Fact]
    public async Task A_token_fetch_has_a_span_naming_the_registry_service_and_scope_and_no_credential()
    {
        using var telemetry = new TelemetryRecorder();
        await using var tokens = await TokenServer.StartAsync(new TokenServerOptions { Accounts = [TokenAccount.PullPush("robot", "pw-secret-7")] });
        await using var registry = await RegistryFixture.StartAsync(new RegistryOptions { TokenAuth = tokens.TokenAuth });
        var repository = registry.NewRepository("token-span");
        var configuration = TestConfiguration.From(
            ($"OciRegistry:Registries:{registry.Host}:Insecure", "true"),
            ($"OciRegistry:Credentials:{registry.Host}:Username", "robot"),
            ($"OciRegistry:Credentials:{registry.Host}:Password", "pw-secret-7"),
            ("OciRegistry:Authentication:UseAuthFiles", "false"));
        var services = new ServiceCollection();
        services.AddOciRegistryClient(configuration.GetSection("OciRegistry"));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        // A missing tag: the registry asks for a token first, then answers 404.
        await Assert.ThrowsAnyAsync<NotFoundException>(
            () => provider.GetRequiredService<OciRegistryClient>().GetRepository(ImageReference.Parse($"{registry.Host}/{repository}")).ResolveAsync("nope"));

        // The ping's 401 may fetch a token of its own; the repository's has the repository's scope.
        var span = Assert.Single(
            telemetry.Spans("oci.token.fetch", "oci.registry", registry.Host),
            a => ((string?)a.GetTagItem("oci.auth.scope"))?.Contains($"repository:{repository}:pull", StringComparison.Ordinal) == true);
        Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
        Assert.NotNull(span.GetTagItem("oci.auth.service"));
        Assert.DoesNotContain(span.TagObjects, t => t.Value?.ToString()?.Contains("pw-secret", StringComparison.Ordinal) == true);
        Assert.All(telemetry.Activities, a => Assert.DoesNotContain(a.TagObjects, t => t.Value?.ToString()?.Contains("pw-secret", StringComparison.Ordinal) == true));
    }
}
