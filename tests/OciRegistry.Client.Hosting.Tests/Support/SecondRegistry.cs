using OciRegistry.Client.TestSupport.Registry;

namespace OciRegistry.Client.Hosting.Tests.Support;

/// <summary>A second registry, so a copy crosses registries and transfers its blobs.</summary>
public sealed class SecondRegistry() : RegistryFixture(new RegistryOptions());
