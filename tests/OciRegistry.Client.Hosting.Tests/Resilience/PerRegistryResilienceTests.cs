using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using OciRegistry.Client.Hosting.Tests.Support;
using OciRegistry.Client.Http;

namespace OciRegistry.Client.Hosting.Tests.Resilience;

/// <summary>Per-registry resilience settings from configuration reach that registry's pipeline, and no other.</summary>
public sealed class PerRegistryResilienceTests : IDisposable
{
    private readonly CountingHandler _network = new();
    private readonly ServiceProvider _services;

    public PerRegistryResilienceTests()
    {
        var configuration = TestConfiguration.From(
            ("OciRegistry:Resilience:MaxRetries", "0"),
            ("OciRegistry:Resilience:BaseDelay", "00:00:00.001"),
            ("OciRegistry:Resilience:MaxDelay", "00:00:00.005"),
            ("OciRegistry:Registries:patient.test:5000:Resilience:MaxRetries", "2"),
            ("OciRegistry:Registries:hanging.test:Resilience:MaxRetries", "1"),
            ("OciRegistry:Registries:hanging.test:Timeouts:ResponseHeaders", "00:00:00.050"));
        var services = new ServiceCollection();
        services.AddOciRegistryClient(configuration.GetSection("OciRegistry"));
        services.ConfigureAll<HttpClientFactoryOptions>(o => o.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = _network));
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    private OciRegistryClient Client => _services.GetRequiredService<OciRegistryClient>();

    [Fact]
    public async Task A_registry_with_its_own_retries_is_retried_and_the_others_keep_the_top_level_setting()
    {
        await Assert.ThrowsAnyAsync<OciRegistryException>(() => Client.CheckAsync("patient.test:5000"));
        await Assert.ThrowsAnyAsync<OciRegistryException>(() => Client.CheckAsync("plain.test"));

        Assert.Equal(3, _network.Count("patient.test"));
        Assert.Equal(1, _network.Count("plain.test"));
    }

    [Fact]
    public async Task A_response_header_timeout_abandons_a_hanging_attempt_retries_it_and_then_fails_naming_the_registry()
    {
        // The ping, which retries network errors (a health check's CheckAsync does not).
        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => Client.PingAsync("hanging.test"));

        Assert.Contains("sent no response headers for the API check (/v2/) within 0.05 s (Timeouts.ResponseHeaders)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("hanging.test", failure.Message, StringComparison.Ordinal);
        Assert.Equal(2, _network.Count("hanging.test"));
    }

    public void Dispose()
    {
        _services.Dispose();
        _network.Dispose();
    }

    /// <summary>Counts requests per host; answers 503, except for hosts named hanging, which never answer.</summary>
    private sealed class CountingHandler : HttpMessageHandler
    {
        private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.OrdinalIgnoreCase);

        public int Count(string host) => _counts.TryGetValue(host, out var count) ? count : 0;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var host = request.RequestUri!.Host;
            _counts.AddOrUpdate(host, 1, (_, c) => c + 1);
            if (host.StartsWith("hanging", StringComparison.Ordinal))
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request };
        }
    }
}
