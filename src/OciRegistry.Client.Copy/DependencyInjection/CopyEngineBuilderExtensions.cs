using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OciRegistry.Client;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Copy.Transports;
using OciRegistry.Client.DependencyInjection;
using OciRegistry.Client.Trust;

#pragma warning disable IDE0130 // Extension methods live where IServiceCollection users look for them.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the copy engine on the builder that <c>services.AddOciRegistryClient()</c> returns.</summary>
public static class CopyEngineBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="ImageCopier"/> (a singleton) with its default <see cref="CopyOptions"/>, validated when the
    /// host starts, and the <see cref="FileImageOpener"/> of the on-disk transports in <see cref="ImageOpener"/>.
    /// </summary>
    /// <param name="builder">The builder from <c>AddOciRegistryClient</c>.</param>
    /// <param name="configure">Sets the default options of copies; may be <see langword="null"/>.</param>
    /// <returns>The same builder.</returns>
    public static IOciRegistryBuilder AddCopyEngine(this IOciRegistryBuilder builder, Action<CopyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<CopyOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CopyOptions>, CopyOptionsValidator>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IImageTransportOpener, FileImageOpener>());
        builder.Services.TryAddSingleton<ImageOpener>();

        // The registered defaults are read when each copy starts (a snapshot), as a copy passed options reads its own.
        builder.Services.TryAddSingleton(static services =>
        {
            var defaults = services.GetRequiredService<IOptions<CopyOptions>>();
            return new ImageCopier(services.GetRequiredService<ImageOpener>(), () => defaults.Value, services.GetService<ILogger<ImageCopier>>(), services.GetService<IImageTrustGate>());
        });
        return builder;
    }
}
