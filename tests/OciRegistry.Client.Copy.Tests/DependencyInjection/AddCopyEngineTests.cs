using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
}
