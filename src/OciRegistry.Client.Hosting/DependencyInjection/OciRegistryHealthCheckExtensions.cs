using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OciRegistry.Client.DependencyInjection;
using OciRegistry.Client.Hosting.HealthChecks;
using OciRegistry.Client.Http;

#pragma warning disable IDE0130 // Extension methods live where IServiceCollection users look for them.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Adds a health check that asks registries whether they answer the distribution API.</summary>
public static class OciRegistryHealthCheckExtensions
{
    /// <summary>The health check's name unless told otherwise: <c>oci-registry</c>.</summary>
    public const string DefaultName = "oci-registry";

    /// <summary>
    /// Adds a health check that sends <c>GET /v2/</c> to each registry (a <c>401</c> counts as an answer) every time
    /// it runs: healthy when all answer, otherwise <paramref name="failureStatus"/>. Needs
    /// <c>AddOciRegistryClient</c>.
    /// </summary>
    /// <param name="builder">The host's health checks.</param>
    /// <param name="name">The check's name; <c>oci-registry</c> by default.</param>
    /// <param name="registries">The registries to check (as in image references); by default the keys of <see cref="OciRegistryClientOptions.Registries"/>.</param>
    /// <param name="failureStatus">The status when a registry does not answer; <see cref="HealthStatus.Unhealthy"/> by default.</param>
    /// <param name="tags">Tags to filter checks by, for example <c>ready</c>.</param>
    /// <param name="timeout">How long the check may take; no limit of its own by default.</param>
    /// <returns>The same health checks builder.</returns>
    public static IHealthChecksBuilder AddOciRegistry(
        this IHealthChecksBuilder builder,
        string name = DefaultName,
        IEnumerable<string>? registries = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var list = registries?.ToArray();
        return builder.Add(new HealthCheckRegistration(
            name,
            provider => new RegistryHealthCheck(
                provider.GetRequiredService<OciRegistryClient>(),
                provider.GetRequiredService<IOptions<OciRegistryClientOptions>>(),
                list),
            failureStatus,
            tags,
            timeout));
    }

    /// <summary>Adds the registry health check (<see cref="AddOciRegistry"/>) to the host's health checks.</summary>
    /// <param name="builder">The builder from <c>AddOciRegistryClient</c>.</param>
    /// <param name="registries">The registries to check; by default the keys of <see cref="OciRegistryClientOptions.Registries"/>.</param>
    /// <param name="tags">Tags to filter checks by.</param>
    /// <returns>The same builder.</returns>
    public static IOciRegistryBuilder AddOciRegistryHealthCheck(this IOciRegistryBuilder builder, IEnumerable<string>? registries = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHealthChecks().AddOciRegistry(registries: registries, tags: tags);
        return builder;
    }
}
