namespace OciRegistry.Client.Http.IntegrationTests.RegistriesConf;

/// <summary>A second registry, to serve as a mirror or a rewritten location.</summary>
public sealed class MirrorRegistry() : RegistryFixture(new RegistryOptions());

/// <summary>A third registry, to serve as another mirror.</summary>
public sealed class SecondMirrorRegistry() : RegistryFixture(new RegistryOptions());
