using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OciRegistry.Client.Hosting.Tests.Support;
using OciRegistry.Client.TestSupport.Registry;

namespace OciRegistry.Client.Hosting.Tests.HealthChecks;

public sealed class RegistryHealthCheckTests
{
    [Fact]
    public async Task The_check_is_healthy_while_the_registry_runs_and_unhealthy_once_it_stops()
    {
        var registry = await RegistryFixture.StartAsync(new RegistryOptions());
        using var services = Build(registry.Host);
        var health = services.GetRequiredService<HealthCheckService>();
        try
        {
            var up = await health.CheckHealthAsync();
            Assert.Equal(HealthStatus.Healthy, up.Status);
            var entry = up.Entries[OciRegistryHealthCheckExtensions.DefaultName];
            Assert.StartsWith("up", (string)entry.Data[registry.Host], StringComparison.Ordinal);
        }
        finally
        {
            await registry.DisposeAsync();
        }

        // The same client, whose first ping succeeded: the check asks again each time.
        var down = await health.CheckHealthAsync();

        Assert.Equal(HealthStatus.Unhealthy, down.Status);
        var failed = down.Entries[OciRegistryHealthCheckExtensions.DefaultName];
        Assert.Contains(registry.Host, failed.Description, StringComparison.Ordinal);
        Assert.StartsWith("down", (string)failed.Data[registry.Host], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_check_reports_the_failure_status_it_was_registered_with_and_checks_the_registries_it_was_given()
    {
        var registry = await RegistryFixture.StartAsync(new RegistryOptions());
        await registry.DisposeAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOciRegistryClient(TestConfiguration.From(($"OciRegistry:Registries:{registry.Host}:Insecure", "true"), ("OciRegistry:Resilience:MaxRetries", "0")).GetSection("OciRegistry"));
        services.AddHealthChecks().AddOciRegistry("stopped", registries: [registry.Host], failureStatus: HealthStatus.Degraded);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Degraded, report.Entries["stopped"].Status);
    }

    [Fact]
    public async Task A_closed_port_is_probed_once_without_retries_and_reported_without_an_exception_to_log()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var host = $"127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop();
        var attempts = 0;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOciRegistryClient(TestConfiguration.From(("OciRegistry:Resilience:BaseDelay", "00:00:00.010")).GetSection("OciRegistry"))
            .AddRegistryHttpHandler((_, _) => new CountingHandler(() => Interlocked.Increment(ref attempts)));
        services.AddHealthChecks().AddOciRegistry("closed", registries: [host], failureStatus: HealthStatus.Degraded);
        using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = report.Entries["closed"];
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Null(entry.Exception);
        Assert.Contains(host, entry.Description, StringComparison.Ordinal);
        Assert.Equal(1, attempts);
    }

    private sealed class CountingHandler(Action count) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            count();
            return base.SendAsync(request, cancellationToken);
        }
    }

    private static ServiceProvider Build(string registry)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOciRegistryClient(TestConfiguration.From(
            ($"OciRegistry:Registries:{registry}:Insecure", "true"),
            ("OciRegistry:Resilience:MaxRetries", "1"),
            ("OciRegistry:Resilience:BaseDelay", "00:00:00.010")).GetSection("OciRegistry")).AddOciRegistryHealthCheck();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }
}
