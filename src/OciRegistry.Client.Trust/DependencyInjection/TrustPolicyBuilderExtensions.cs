using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OciRegistry.Client.DependencyInjection;
using OciRegistry.Client.Trust;

#pragma warning disable IDE0130 // Extension methods live where IServiceCollection users look for them.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the trust policy on the builder that <c>services.AddOciRegistryClient()</c> returns.</summary>
public static class TrustPolicyBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="ImageTrustPolicy"/> (a singleton) as the <see cref="IImageTrustGate"/> the copy engine and
    /// the syncer consult before writing anything, with its <see cref="TrustPolicyOptions"/> validated when the host starts.
    /// </summary>
    /// <param name="builder">The builder from <c>AddOciRegistryClient</c>.</param>
    /// <param name="configure">Sets the options; may be <see langword="null"/> (the default policy and registries.d locations).</param>
    /// <returns>The same builder.</returns>
    public static IOciRegistryBuilder AddTrustPolicy(this IOciRegistryBuilder builder, Action<TrustPolicyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<TrustPolicyOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TrustPolicyOptions>, TrustPolicyOptionsValidator>());
        builder.Services.TryAddSingleton<ImageTrustPolicy>();
        builder.Services.TryAddSingleton<IImageTrustGate>(sp => sp.GetRequiredService<ImageTrustPolicy>());
        return builder;
    }
}
