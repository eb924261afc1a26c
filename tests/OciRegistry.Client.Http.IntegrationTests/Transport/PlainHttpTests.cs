namespace OciRegistry.Client.Http.IntegrationTests.Transport;

public sealed class PlainHttpTests : IClassFixture<RegistryFixture>, IDisposable
{
    private readonly RegistryFixture _registry;
    private readonly ProcessLogScope _log;

    public PlainHttpTests(RegistryFixture registry, ITestOutputHelper output)
    {
        _registry = registry;
        _log = registry.CaptureLog(output);
    }

    public void Dispose() => _log.Dispose();

    [Fact]
    public async Task A_plain_http_registry_marked_insecure_is_reached_over_http()
    {
        var name = _registry.NewRepository("http/insecure");
        var pushed = await TestImages.Locate().PushAsync(_registry, name, "v1");
        using var client = new FixtureClient(_registry, o => o.Insecure = true);

        var address = await client.Client.PingAsync(_registry.Host);
        var manifest = await client.Repository(name).FetchManifestAsync("v1");

        Assert.Equal(new Uri($"http://{_registry.Host}/"), address);
        Assert.Equal(pushed.ManifestDigest, manifest.Digest);
    }

    [Fact]
    public async Task A_plain_http_registry_not_marked_insecure_fails_clearly()
    {
        using var client = new FixtureClient(_registry, o => o.Insecure = false);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.Repository("any/repo").FetchManifestAsync("v1"));

        Assert.Contains($"Registry {_registry.Host} could not be reached at https://{_registry.Host}/v2/", error.Message, StringComparison.Ordinal);
        Assert.Contains("mark it Insecure", error.Message, StringComparison.Ordinal);
    }
}
