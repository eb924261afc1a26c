using System.Net;
using OciRegistry.Client.TestSupport.Images;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using Xunit.Abstractions;

namespace OciRegistry.Client.TestSupport.Tests.Registry;

public sealed class HtpasswdRegistryTests(HtpasswdRegistry registry, ITestOutputHelper output)
    : IClassFixture<HtpasswdRegistry>, IDisposable
{
    private readonly ProcessLogScope _log = registry.CaptureLog(output);

    [Fact]
    public async Task Without_credentials_the_registry_challenges_for_Basic()
    {
        using var client = registry.CreateHttpClient();

        using var response = await client.GetAsync(new Uri("v2/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Basic", challenge.Scheme);
        Assert.Equal($"realm=\"{RegistryFixture.HtpasswdRealm}\"", challenge.Parameter);
    }

    [Fact]
    public async Task The_right_credentials_get_200()
    {
        using var client = registry.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = HtpasswdRegistry.User.ToBasicAuthorization();

        using var response = await client.GetAsync(new Uri("v2/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_gets_401()
    {
        using var client = registry.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = (HtpasswdRegistry.User with { Password = "wrong" }).ToBasicAuthorization();

        using var response = await client.GetAsync(new Uri("v2/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Skopeo_pushes_and_reads_with_the_fixture_credentials()
    {
        var images = TestImages.Locate();
        var repository = registry.NewRepository("auth");

        var pushed = await images.PushAsync(registry, repository);
        var raw = await images.Skopeo.InspectRawAsync(registry.DockerReference(repository, "latest"), registry.GetSkopeoAccess());

        Assert.True(pushed.ManifestDigest.Matches(raw.Span));
    }

    public void Dispose() => _log.Dispose();
}
