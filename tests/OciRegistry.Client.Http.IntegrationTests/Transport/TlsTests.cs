namespace OciRegistry.Client.Http.IntegrationTests.Transport;

public sealed class TlsRegistry() : RegistryFixture(new RegistryOptions { Tls = true });

public sealed class TlsTests : IClassFixture<TlsRegistry>, IDisposable
{
    private readonly TlsRegistry _registry;
    private readonly ProcessLogScope _log;

    public TlsTests(TlsRegistry registry, ITestOutputHelper output)
    {
        _registry = registry;
        _log = registry.CaptureLog(output);
    }

    public void Dispose() => _log.Dispose();

    [Fact]
    public async Task The_ca_from_the_certificate_directory_is_trusted()
    {
        var name = _registry.NewRepository("tls/trusted");
        var pushed = await TestImages.Locate().PushAsync(_registry, name, "v1");
        using var client = new FixtureClient(_registry, o => o.Insecure = false);

        var address = await client.Client.PingAsync(_registry.Host);
        var manifest = await client.Repository(name).FetchManifestAsync("v1");

        Assert.Equal(_registry.BaseAddress, address);
        Assert.Equal(pushed.ManifestDigest, manifest.Digest);
    }

    [Fact]
    public async Task Without_the_ca_the_connection_fails_with_an_http_request_exception()
    {
        using var client = new FixtureClient(_registry, o => o.CertificateDirectory = null);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.Client.PingAsync(_registry.Host));

        Assert.Equal(HttpRequestError.SecureConnectionError, error.HttpRequestError);
        Assert.Contains($"Registry {_registry.Host} could not be reached at https://{_registry.Host}/v2/", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_tls_ping_is_tried_again_once_the_registry_is_trusted_by_a_new_client()
    {
        using var untrusted = new FixtureClient(_registry, o => o.CertificateDirectory = null);
        await Assert.ThrowsAsync<HttpRequestException>(() => untrusted.Client.PingAsync(_registry.Host));

        using var trusted = new FixtureClient(_registry);

        Assert.Equal(_registry.BaseAddress, await trusted.Client.PingAsync(_registry.Host));
    }

    [Fact]
    public async Task Skip_tls_verify_accepts_the_certificate_and_stays_on_https()
    {
        using var client = new FixtureClient(_registry, o =>
        {
            o.CertificateDirectory = null;
            o.SkipTlsVerify = true;
        });

        Assert.Equal(_registry.BaseAddress, await client.Client.PingAsync(_registry.Host));
    }
}
