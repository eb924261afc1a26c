using Microsoft.Extensions.DependencyInjection;

namespace OciRegistry.Client.DependencyInjection;

/// <summary>The default <see cref="IOciRegistryBuilder"/>: a handle on the host's service collection.</summary>
public sealed class OciRegistryBuilder : IOciRegistryBuilder
{
    /// <summary>Creates a builder over a service collection.</summary>
    /// <param name="services">The host's services.</param>
    public OciRegistryBuilder(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        Services = services;
    }

    /// <inheritdoc/>
    public IServiceCollection Services { get; }
}
