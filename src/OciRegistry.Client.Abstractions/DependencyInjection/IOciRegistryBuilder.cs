using Microsoft.Extensions.DependencyInjection;

namespace OciRegistry.Client.DependencyInjection;

/// <summary>
/// The builder that <c>services.AddOciRegistryClient()</c> returns. Each package of OciRegistry.Client extends it
/// with its own <c>Add…</c> methods (authentication, the copy engine, sync), so a host's set-up reads as one chain.
/// </summary>
public interface IOciRegistryBuilder
{
    /// <summary>Gets the service collection the SDK's services are registered in.</summary>
    IServiceCollection Services { get; }
}
