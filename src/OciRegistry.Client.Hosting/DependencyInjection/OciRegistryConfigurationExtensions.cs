using Microsoft.Extensions.Configuration;
using OciRegistry.Client.Auth;
using OciRegistry.Client.Copy;
using OciRegistry.Client.DependencyInjection;
using OciRegistry.Client.Hosting.Configuration;
using OciRegistry.Client.Http;
using OciRegistry.Client.Sync;

#pragma warning disable IDE0130 // Extension methods live where IServiceCollection users look for them.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>
/// Binds OciRegistry.Client from configuration: <see cref="OciRegistryClientOptions"/> (top-level values,
/// <c>Resilience</c>, <c>DefaultRegistry</c>, <c>Registries</c>), <see cref="RegistryAuthenticationOptions"/>
/// (<c>Credentials</c>, <c>Authentication</c>), <see cref="CopyOptions"/> (<c>Copy</c>) and the defaults of
/// <c>builder.AddSync()</c>, <see cref="SyncOptions"/> (<c>Sync</c>, with its copies' options in <c>Sync:Copy</c>). The binding is written
/// by hand (no reflection: safe for trimming and Native AOT) and checked when the host starts; every problem names
/// its key, for example <c>OciRegistry:Registries:myhost:5000:CertDirectory: directory /x does not exist.</c> The
/// shape is in docs/dependency-injection.md.
/// </summary>
public static class OciRegistryConfigurationExtensions
{
    /// <summary>The section read by <see cref="BindConfiguration"/> unless told otherwise: <c>OciRegistry</c>.</summary>
    public const string DefaultSectionName = "OciRegistry";

    /// <summary>
    /// Registers the registry client (as <c>AddOciRegistryClient()</c>) with its settings, credentials and the
    /// default copy options bound from <paramref name="configuration"/>, for example
    /// <c>configuration.GetSection("OciRegistry")</c>.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The section to read.</param>
    /// <returns>The builder, for <c>.AddCopyEngine()</c> and the other packages' <c>Add…</c> calls.</returns>
    public static IOciRegistryBuilder AddOciRegistryClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddOciRegistryClient(configure: null).Bind(configuration);
    }

    /// <summary>Binds the SDK's settings from a configuration section; values set in code before this call are overridden by the ones it gives.</summary>
    /// <param name="builder">The builder from <c>AddOciRegistryClient</c>.</param>
    /// <param name="configuration">The section to read.</param>
    /// <returns>The same builder.</returns>
    public static IOciRegistryBuilder Bind(this IOciRegistryBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        return Register(builder, _ => configuration);
    }

    /// <summary>
    /// Binds the SDK's settings from the section <paramref name="sectionPath"/> of the host's
    /// <see cref="IConfiguration"/> service (as <c>OptionsBuilder.BindConfiguration</c> does).
    /// </summary>
    /// <param name="builder">The builder from <c>AddOciRegistryClient</c>.</param>
    /// <param name="sectionPath">The section's path; <c>OciRegistry</c> by default.</param>
    /// <returns>The same builder.</returns>
    public static IOciRegistryBuilder BindConfiguration(this IOciRegistryBuilder builder, string sectionPath = DefaultSectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionPath);
        return Register(builder, provider => provider.GetRequiredService<IConfiguration>().GetSection(sectionPath));
    }

    private static IOciRegistryBuilder Register(IOciRegistryBuilder builder, Func<IServiceProvider, IConfiguration> locate)
    {
        ConfigurationBinding<OciRegistryClientOptions>.Register(builder.Services, locate, OciRegistryConfiguration.BindClient);
        ConfigurationBinding<RegistryAuthenticationOptions>.Register(builder.Services, locate, OciRegistryConfiguration.BindAuthentication);
        ConfigurationBinding<CopyOptions>.Register(builder.Services, locate, OciRegistryConfiguration.BindCopy);
        ConfigurationBinding<SyncOptions>.Register(builder.Services, locate, OciRegistryConfiguration.BindSync);
        ConfigurationBinding<OciRegistry.Client.Trust.TrustPolicyOptions>.Register(builder.Services, locate, OciRegistryConfiguration.BindTrust);
        return builder;
    }
}
