using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OciRegistry.Client.Copy.Transports;
using OciRegistry.Client.Http;

namespace OciRegistry.Client.Copy.Tests.DependencyInjection;

public sealed class AddCopyEngineTests
{
    [Fact]
    public void Registers_the_copier_with_the_configured_defaults()
    {
        var services = new ServiceCollection();
        services.AddOciRegistryClient().AddCopyEngine(o => o.MaxConcurrentBlobs = 4);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.NotNull(provider.GetRequiredService<ImageCopier>());
        Assert.Same(provider.GetRequiredService<ImageCopier>(), provider.GetRequiredService<ImageCopier>());
        Assert.Equal(4, provider.GetRequiredService<IOptions<CopyOptions>>().Value.MaxConcurrentBlobs);
    }

    [Fact]
    public void Invalid_defaults_fail_validation_naming_the_option()
    {
        var services = new ServiceCollection();
        services.AddOciRegistryClient().AddCopyEngine(o => o.RetryTimes = -1);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CopyOptions>>().Value);

        Assert.Contains(nameof(CopyOptions.RetryTimes), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registers_one_opener_of_registry_and_on_disk_locations()
    {
        var services = new ServiceCollection();
        services.AddOciRegistryClient().AddCopyEngine();
        services.AddOciRegistryClient().AddCopyEngine();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var directory = Path.Combine(Path.GetTempPath(), $"ocireg-di-{Guid.NewGuid():N}");

        var opener = provider.GetRequiredService<ImageOpener>();
        await using var registry = await opener.OpenDestinationAsync(ImageLocation.Parse("docker://localhost:5000/a/b:v1"));
        await using var layout = await opener.OpenSourceAsync(ImageLocation.Parse($"dir:{directory}"));

        Assert.Same(opener, provider.GetRequiredService<ImageOpener>());
        Assert.Equal(2, provider.GetServices<IImageTransportOpener>().Count());
        Assert.Same(provider.GetRequiredService<OciRegistryClient>(), provider.GetServices<IImageTransportOpener>().OfType<OciRegistryClient>().Single());
        Assert.IsType<RegistryRepository>(registry.Destination);
        Assert.IsType<ImageDirectory>(layout.Source);
    }
}
