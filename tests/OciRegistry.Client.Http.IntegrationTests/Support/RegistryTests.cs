namespace OciRegistry.Client.Http.IntegrationTests.Support;

/// <summary>
/// The common frame of tests against one registry fixture: the registry's log shown for failing tests and a
/// <see cref="FixtureClient"/> with the default settings, both disposed after each test.
/// </summary>
/// <typeparam name="TRegistry">The fixture type (a <see cref="RegistryFixture"/> or one derived with other options).</typeparam>
public abstract class RegistryTests<TRegistry> : IDisposable
    where TRegistry : RegistryFixture
{
    private readonly ProcessLogScope _log;

    protected RegistryTests(TRegistry registry, ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Registry = registry;
        _log = registry.CaptureLog(output);
        Client = new FixtureClient(registry);
    }

    protected TRegistry Registry { get; }

    protected FixtureClient Client { get; }

    protected TestImages Images { get; } = TestImages.Locate();

    /// <summary>Pushes the test image (built by umoci, pushed by skopeo) as <c>v1</c> into a new repository.</summary>
    protected async Task<(RegistryRepository Repository, PushedImage Image)> PushTestImageAsync(string prefix)
    {
        var name = Registry.NewRepository(prefix);
        var image = await Images.PushAsync(Registry, name, "v1");
        return (Client.Repository(name), image);
    }

    public void Dispose()
    {
        Client.Dispose();
        _log.Dispose();
        GC.SuppressFinalize(this);
    }
}
