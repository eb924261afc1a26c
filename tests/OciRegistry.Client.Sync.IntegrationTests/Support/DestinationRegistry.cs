using OciRegistry.Client.TestSupport.Registry;

namespace OciRegistry.Client.Sync.IntegrationTests.Support;

/// <summary>A second registry, so that a test class has a source and a destination of its own.</summary>
public sealed class DestinationRegistry() : RegistryFixture(new RegistryOptions());
