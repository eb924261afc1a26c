using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OciRegistry.Client.Copy;
using OciRegistry.Client.DependencyInjection;
using OciRegistry.Client.Http;
using OciRegistry.Client.Sync;

#pragma warning disable IDE0130 // Extension methods live where IServiceCollection users look for them.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers sync on the builder that <c>services.AddOciRegistryClient()</c> returns.</summary>
public static class SyncBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="ImageSyncer"/> (a singleton) with its default <see cref="SyncOptions"/>, validated when the
    /// host starts, and the copy engine it uses.
    /// </summary>
    /// <param name="builder">The builder from <c>AddOciRegistryClient</c>.</param>
    /// <param name="configure">Sets the default options of syncs; may be <see langword="null"/>.</param>
    /// <returns>The same builder.</returns>
    public static IOciRegistryBuilder AddSync(this IOciRegistryBuilder builder, Action<SyncOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddCopyEngine();
        var options = builder.Services.AddOptions<SyncOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SyncOptions>, SyncOptionsValidator>());
        builder.Services.TryAddSingleton(static services =>
        {
            var defaults = services.GetRequiredService<IOptions<SyncOptions>>();
            return new ImageSyncer(
                services.GetRequiredService<OciRegistryClient>(),
                services.GetRequiredService<ImageCopier>(),
                () => defaults.Value,
                services.GetService<ILogger<ImageSyncer>>());
        });
        return builder;
    }
}
