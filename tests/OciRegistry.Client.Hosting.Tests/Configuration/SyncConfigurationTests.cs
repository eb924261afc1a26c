using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Hosting.Tests.Support;
using OciRegistry.Client.Sync;

namespace OciRegistry.Client.Hosting.Tests.Configuration;

public sealed class SyncConfigurationTests
{
    [Fact]
    public void The_sync_section_binds_the_defaults_of_add_sync_with_its_copy_options()
    {
        var configuration = TestConfiguration.From(
            ("OciRegistry:Sync:Scoped", "true"),
            ("OciRegistry:Sync:KeepGoing", "true"),
            ("OciRegistry:Sync:MaxConcurrentImages", "2"),
            ("OciRegistry:Sync:IncludeTagRegex", "^v"),
            ("OciRegistry:Sync:Copy:MultiArch", "all"));
        var services = new ServiceCollection();
        services.AddOciRegistryClient(configuration.GetSection("OciRegistry")).AddSync();
        using var provider = services.BuildServiceProvider();

        var sync = provider.GetRequiredService<IOptions<SyncOptions>>().Value;

        Assert.True(sync.Scoped);
        Assert.True(sync.KeepGoing);
        Assert.Equal(2, sync.MaxConcurrentImages);
        Assert.Equal("^v", sync.IncludeTagRegex);
        Assert.Equal(MultiArchMode.All, sync.Copy.MultiArch);
        Assert.NotNull(provider.GetRequiredService<ImageSyncer>());
    }

    [Fact]
    public void An_unknown_sync_key_fails_validation_naming_it()
    {
        var configuration = TestConfiguration.From(("OciRegistry:Sync:Scopped", "true"));
        var services = new ServiceCollection();
        services.AddOciRegistryClient(configuration.GetSection("OciRegistry")).AddSync();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SyncOptions>>().Value);

        Assert.Contains("OciRegistry:Sync:Scopped: is not a setting here", error.Message, StringComparison.Ordinal);
    }
}
