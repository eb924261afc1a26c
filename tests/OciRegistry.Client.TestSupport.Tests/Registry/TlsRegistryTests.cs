using System.Net;
using System.Security.Authentication;
using OciRegistry.Client.TestSupport.Images;
using OciRegistry.Client.TestSupport.Logging;
using Xunit.Abstractions;

namespace OciRegistry.Client.TestSupport.Tests.Registry;

public sealed class TlsRegistryTests(TlsRegistry registry, ITestOutputHelper output)
    : IClassFixture<TlsRegistry>, IDisposable
{
    private readonly ProcessLogScope _log = registry.CaptureLog(output);

    [Fact]
    public async Task A_client_that_does_not_trust_the_generated_CA_is_refused()
    {
        using var client = new HttpClient();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri(registry.BaseAddress, "v2/")));

        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task A_client_that_trusts_the_generated_CA_gets_200(string host)
    {
        using var client = new HttpClient(registry.CreateHttpHandler());

        using var response = await client.GetAsync(new Uri($"https://{host}:{registry.Port}/v2/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Skopeo_verifies_the_registry_with_the_CA_directory()
    {
        Assert.True(File.Exists(registry.CaCertificatePemPath));
        Assert.Equal(["ca.crt"], Directory.GetFiles(registry.CaCertificateDirectory!).Select(Path.GetFileName));
        var images = TestImages.Locate();
        var repository = registry.NewRepository("tls");

        var pushed = await images.PushAsync(registry, repository);
        var raw = await images.Skopeo.InspectRawAsync(registry.DockerReference(repository, "latest"), registry.GetSkopeoAccess());

        Assert.True(registry.GetSkopeoAccess().TlsVerify);
        Assert.True(pushed.ManifestDigest.Matches(raw.Span));
    }

    public void Dispose() => _log.Dispose();
}
