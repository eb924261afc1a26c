using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OciRegistry.Client.Http.Tests.DependencyInjection;

public sealed class OptionsValidationTests
{
    private static OptionsValidationException Invalid(Action<OciRegistryClientOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddOciRegistryClient(configure);
        using var provider = services.BuildServiceProvider();
        return Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<OciRegistryClientOptions>>().Value);
    }

    public static TheoryData<string, Action<OciRegistryClientOptions>> BadSettings => new()
    {
        { "OciRegistry:UserAgent", o => o.UserAgent = " " },
        { "OciRegistry:MaxManifestSize", o => o.MaxManifestSize = 0 },
        { "OciRegistry:ChunkSize", o => o.ChunkSize = -1 },
        { "OciRegistry:ChunkedUploadThreshold", o => o.ChunkedUploadThreshold = -1 },
        { "OciRegistry:RequestTimeout", o => o.RequestTimeout = TimeSpan.Zero },
        { "OciRegistry:Retry:MaxRetries", o => o.Retry.MaxRetries = -1 },
        { "OciRegistry:Retry:BaseDelay", o => o.Retry.BaseDelay = TimeSpan.Zero },
        { "OciRegistry:Retry:BaseDelay", o => o.Retry.MaxDelay = TimeSpan.FromMilliseconds(1) },
        { "OciRegistry:Timeouts:ResponseHeaders", o => o.Timeouts.ResponseHeaders = TimeSpan.Zero },
        { "OciRegistry:Timeouts:IdleRead", o => o.Timeouts.IdleRead = TimeSpan.FromSeconds(-1) },
        { "OciRegistry:Registries:registry.test:Timeouts:IdleRead", o => o.Registries["registry.test"] = new RegistryHostOptions { Timeouts = new() { IdleRead = TimeSpan.FromDays(30) } } },
        { "OciRegistry:Registries:not a host", o => o.Registries["not a host"] = new RegistryHostOptions() },
        { "OciRegistry:Registries:registry.test/path", o => o.Registries["registry.test/path"] = new RegistryHostOptions() },
        { "OciRegistry:Registries:registry.test:CertificateDirectory", o => o.Registries["registry.test"] = new RegistryHostOptions { CertificateDirectory = "/nonexistent/certs.d" } },
        { "OciRegistry:DefaultRegistry:CertificateDirectory", o => o.DefaultRegistry.CertificateDirectory = "/nonexistent/certs.d" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_bad_setting_is_named_when_the_options_are_resolved(string key, Action<OciRegistryClientOptions> configure)
    {
        var error = Invalid(configure);

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith(key, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_setting_is_reported_at_once()
    {
        var error = Invalid(o =>
        {
            o.MaxManifestSize = 0;
            o.Retry.MaxRetries = -1;
        });

        Assert.Equal(2, error.Failures.Count());
    }

    [Fact]
    public void Resolving_the_client_validates_the_options()
    {
        var services = new ServiceCollection();
        services.AddOciRegistryClient(o => o.MaxManifestSize = -5);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(provider.GetRequiredService<OciRegistryClient>);

        Assert.Contains("OciRegistry:MaxManifestSize must be positive, not -5.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_runs_on_start()
    {
        var services = new ServiceCollection();
        services.AddOciRegistryClient(o => o.RequestTimeout = TimeSpan.FromSeconds(-1));
        using var provider = services.BuildServiceProvider();

        // What a generic host runs when it starts.
        var startup = provider.GetRequiredService<IStartupValidator>();
        var error = Assert.Throws<OptionsValidationException>(startup.Validate);

        Assert.Contains("OciRegistry:RequestTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_options_are_valid()
    {
        var services = new ServiceCollection();
        services.AddOciRegistryClient();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.NotNull(provider.GetRequiredService<OciRegistryClient>());
    }
}
