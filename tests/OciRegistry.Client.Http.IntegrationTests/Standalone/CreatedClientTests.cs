using System.Net;
using Microsoft.Extensions.Options;
using OciRegistry.Client.Auth;
using OciRegistry.Client.TestSupport.Faults;

namespace OciRegistry.Client.Http.IntegrationTests.Standalone;

/// <summary>An HTTPS registry (its CA in a certificate directory) with an htpasswd user.</summary>
public sealed class StandaloneTlsAuthRegistry() : RegistryFixture(new RegistryOptions { Users = [StandaloneUsers.Carol], Tls = true });

internal static class StandaloneUsers
{
    public static readonly RegistryUser Carol = new("carol", "standalone client password");
}

/// <summary>
/// <see cref="OciRegistryClient.Create"/>, the client without a dependency-injection container (what ocireg runs on),
/// against real registries: the same pipeline as the DI registration — TLS settings, retries, authentication.
/// </summary>
public sealed class CreatedClientTests(RegistryFixture registry, ITestOutputHelper output)
    : RegistryTests<RegistryFixture>(registry, output), IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task Reads_what_skopeo_pushed()
    {
        var (_, image) = await PushTestImageAsync("standalone/read");
        using var client = OciRegistryClient.Create(Insecure(Registry.Host));
        var repository = client.GetRepository($"{Registry.Host}/{image.Repository}");

        var manifest = await repository.FetchManifestAsync("v1");
        var tags = await repository.ListTagsAsync().ToListAsync();

        Assert.Equal(image.ManifestDigest, manifest.Digest);
        Assert.Equal(["v1"], tags);
    }

    [Fact]
    public async Task Retries_a_manifest_GET_answered_503()
    {
        var (_, image) = await PushTestImageAsync("standalone/retry");
        await using var proxy = FaultProxy.Start(Registry);
        proxy.AddRule(RequestMatch.ManifestGet, Fault.Status(503), times: 2);
        using var client = OciRegistryClient.Create(Insecure(proxy.Host));

        var manifest = await client.GetRepository($"{proxy.Host}/{image.Repository}").FetchManifestAsync("v1");

        Assert.Equal(image.ManifestDigest, manifest.Digest);
        Assert.Equal([503, 503, 200], proxy.RequestsMatching(RequestMatch.ManifestGet).Select(r => r.Status));
    }

    [Fact]
    public void Bad_options_are_refused_naming_the_setting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => OciRegistryClient.Create(new OciRegistryClientOptions { UserAgent = " " }));

        Assert.Contains("UserAgent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disposed_client_sends_nothing()
    {
        var (_, image) = await PushTestImageAsync("standalone/disposed");
        var client = OciRegistryClient.Create(Insecure(Registry.Host));
        var repository = client.GetRepository($"{Registry.Host}/{image.Repository}");
        await repository.FetchManifestAsync("v1");

        client.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => repository.FetchManifestAsync("v1"));
    }

    internal static OciRegistryClientOptions Insecure(string host)
    {
        var options = new OciRegistryClientOptions();
        options.Registries[host] = new RegistryHostOptions { Insecure = true };
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(100);
        return options;
    }
}

public sealed class CreatedClientAuthenticationTests : IClassFixture<StandaloneTlsAuthRegistry>, IDisposable
{
    private readonly StandaloneTlsAuthRegistry _registry;
    private readonly ProcessLogScope _log;

    public CreatedClientAuthenticationTests(StandaloneTlsAuthRegistry registry, ITestOutputHelper output)
    {
        _registry = registry;
        _log = registry.CaptureLog(output);
    }

    public void Dispose() => _log.Dispose();

    [Fact]
    public async Task Reads_over_tls_with_the_credentials_given()
    {
        var name = _registry.NewRepository("standalone/auth");
        var image = await TestImages.Locate().PushAsync(_registry, name, "v1");
        var authentication = new RegistryAuthenticationOptions { UseAuthFiles = false };
        authentication.Credentials[_registry.Host] = RegistryCredential.FromUsernamePassword(StandaloneUsers.Carol.Name, StandaloneUsers.Carol.Password);
        using var client = OciRegistryClient.Create(Trusting(_registry), authentication);

        var manifest = await client.GetRepository($"{_registry.Host}/{name}").FetchManifestAsync("v1");

        Assert.Equal(image.ManifestDigest, manifest.Digest);
        Assert.Equal(new Uri($"https://{_registry.Host}/"), await client.PingAsync(_registry.Host));
    }

    [Fact]
    public async Task Without_credentials_the_registry_refuses_with_an_authentication_error()
    {
        var name = _registry.NewRepository("standalone/anonymous");
        using var client = OciRegistryClient.Create(Trusting(_registry), new RegistryAuthenticationOptions { UseAuthFiles = false });

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => client.GetRepository($"{_registry.Host}/{name}").FetchManifestAsync("v1"));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    private static OciRegistryClientOptions Trusting(RegistryFixture registry)
    {
        var options = new OciRegistryClientOptions();
        options.Registries[registry.Host] = new RegistryHostOptions { CertificateDirectory = registry.CaCertificateDirectory };
        return options;
    }
}
