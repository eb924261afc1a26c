using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OciRegistry.Client.Cli.IntegrationTests.Support;
using OciRegistry.Client.TestSupport.Logging;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Auth;

/// <summary><c>--registry-token</c>: a Bearer token obtained elsewhere is sent as it is.</summary>
public sealed class RegistryTokenTests(TokenRegistry fixture, ITestOutputHelper output) : IClassFixture<TokenRegistry>, IDisposable
{
    private readonly ProcessLogScope _log = fixture.Registry.CaptureLog(output);
    private readonly Ocireg _ocireg = new(output);

    public void Dispose()
    {
        _ocireg.Dispose();
        _log.Dispose();
    }

    [Fact]
    public async Task A_token_from_the_token_server_reads_the_image()
    {
        var token = await PullTokenAsync(fixture.Sample.Repository);

        var result = await _ocireg.SucceedAsync(
            "inspect", "--raw", "--tls-verify=false", "--registry-token", token,
            fixture.Registry.DockerReference(fixture.Sample.Repository, "v1"));

        Assert.Equal(fixture.Sample.ManifestDigest, Digest.Compute(result.StandardOutputBytes));
    }

    [Fact]
    public async Task A_token_for_another_repository_is_refused_with_one_line()
    {
        var token = await PullTokenAsync("some/other");

        var line = Expect.FailsWithOneLine(
            await _ocireg.RunAsync(
                "inspect", "--raw", "--tls-verify=false", "--registry-token", token,
                fixture.Registry.DockerReference(fixture.Sample.Repository, "v1")),
            1);

        Assert.DoesNotContain(token, line, StringComparison.Ordinal);
    }

    private async Task<string> PullTokenAsync(string repository)
    {
        using var http = new HttpClient();
        var query = $"?service={Uri.EscapeDataString(fixture.Tokens.Service)}&scope={Uri.EscapeDataString($"repository:{repository}:pull")}";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Tokens.Realm + query));
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TokenRegistry.Pusher.Name}:{TokenRegistry.Pusher.Password}")));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("token").GetString()!;
    }
}
