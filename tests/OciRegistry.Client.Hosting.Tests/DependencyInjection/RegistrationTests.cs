using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OciRegistry.Client.Auth;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Hosting.Tests.Support;
using OciRegistry.Client.Http;

namespace OciRegistry.Client.Hosting.Tests.DependencyInjection;

public sealed class RegistrationTests
{
    private static ServiceProvider BuildFull(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddOciRegistryClient(configuration.GetSection("OciRegistry"))
            .AddCopyEngine()
            .AddOciRegistryHealthCheck();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    [Fact]
    public void The_full_registration_builds_with_scope_validation_and_shares_its_singletons_across_scopes()
    {
        using var provider = BuildFull(TestConfiguration.From(("OciRegistry:Registries:myhost:5000:Insecure", "true")));

        var client = provider.GetRequiredService<OciRegistryClient>();
        var copier = provider.GetRequiredService<ImageCopier>();
        var authenticator = provider.GetRequiredService<RegistryAuthenticator>();
        var factory = provider.GetRequiredService<IHttpClientFactory>();
        using (var scope = provider.CreateScope())
        {
            // Long-running hosts resolve from request scopes: the same client, token cache and connection pools.
            Assert.Same(client, scope.ServiceProvider.GetRequiredService<OciRegistryClient>());
            Assert.Same(copier, scope.ServiceProvider.GetRequiredService<ImageCopier>());
            Assert.Same(authenticator, scope.ServiceProvider.GetRequiredService<RegistryAuthenticator>());
            Assert.Same(factory, scope.ServiceProvider.GetRequiredService<IHttpClientFactory>());
            Assert.NotNull(scope.ServiceProvider.GetRequiredService<HealthCheckService>());
        }

        Assert.True(provider.GetRequiredService<IOptions<OciRegistryClientOptions>>().Value.Registries["myhost:5000"].Insecure);
    }

    [Fact]
    public void The_SDKs_own_services_are_singletons_or_transient_options_plumbing_never_scoped()
    {
        var services = new ServiceCollection();
        services.AddOciRegistryClient(TestConfiguration.From().GetSection("OciRegistry")).AddCopyEngine().AddOciRegistryHealthCheck();

        var sdk = services.Where(d => d.ServiceType.Namespace?.StartsWith("OciRegistry.Client", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(sdk);
        Assert.All(sdk, d => Assert.Equal(ServiceLifetime.Singleton, d.Lifetime));
        Assert.DoesNotContain(services, d => d.Lifetime == ServiceLifetime.Scoped && d.ServiceType.Namespace?.StartsWith("OciRegistry", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void BindConfiguration_reads_the_section_of_the_hosts_configuration()
    {
        var configuration = TestConfiguration.From(("Registry:Copy:MaxConcurrentBlobs", "3"), ("Registry:Registries:reg.example:SkipTlsVerify", "true"));
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddOciRegistryClient().AddCopyEngine().BindConfiguration("Registry");
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        Assert.Equal(3, provider.GetRequiredService<IOptions<CopyOptions>>().Value.MaxConcurrentBlobs);
        Assert.True(provider.GetRequiredService<IOptions<OciRegistryClientOptions>>().Value.Registries["reg.example"].SkipTlsVerify);
    }
}
