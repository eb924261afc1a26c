using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Consumer.Tests.Support;
using OciRegistry.Client.Http;
using RegistryApi;

namespace Consumer.Tests.Samples;

/// <summary>
/// The API sample (docs/samples/RegistryApi), built against the packed packages, on real Kestrel (127.0.0.1, a free
/// port) against a real registry: inspect, tags, a background copy, health.
/// </summary>
public sealed class RegistryApiSampleTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private LocalRegistry _registry = null!;

    public async Task InitializeAsync() => _registry = await LocalRegistry.StartAsync();

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task The_api_inspects_lists_tags_copies_in_the_background_reports_the_status_and_is_healthy()
    {
        var registry = _registry.Host;
        var options = new OciRegistryClientOptions();
        options.Registries[registry] = new RegistryHostOptions { Insecure = true };
        using var setup = OciRegistryClient.Create(options);
        var pushed = await SampleImage.PushAsync(setup, $"{registry}/api-source/app:1.0");
        var contentRoot = Directory.CreateTempSubdirectory("ocireg-api-").FullName;
        await using var app = RegistryApiApp.Build(
        [
            $"--contentRoot={contentRoot}",
            "--urls=http://127.0.0.1:0",
            $"--OciRegistry:Registries:{registry}:Insecure=true",
        ]);
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
            Assert.Equal("127.0.0.1", http.BaseAddress.Host);

            var inspected = await http.GetFromJsonAsync<InspectResult>($"/inspect?reference={registry}/api-source/app:1.0", Json);
            Assert.Equal(pushed.Digest.ToString(), inspected!.Digest);
            Assert.Equal(2, inspected.Layers!.Count);

            var tags = await http.GetFromJsonAsync<TagList>($"/tags?repository={registry}/api-source/app", Json);
            Assert.Equal(["1.0"], tags!.Tags);

            using var accepted = await http.PostAsJsonAsync(
                "/copies", new CopyRequest($"{registry}/api-source/app:1.0", $"{registry}/api-copy/app:copied"), Json);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            var location = accepted.Headers.Location!;
            var job = (await accepted.Content.ReadFromJsonAsync<CopyJob>(Json))!;
            using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            while (job.State is CopyState.Queued or CopyState.Running)
            {
                await Task.Delay(50, guard.Token);
                job = (await http.GetFromJsonAsync<CopyJob>(location, Json, guard.Token))!;
            }

            Assert.Equal(CopyState.Succeeded, job.State);
            Assert.Equal(pushed.Digest.ToString(), job.Digest);
            var raw = await Skopeo.InspectRawAsync($"{registry}/api-copy/app:copied");
            Assert.Equal(pushed.Digest.ToString(), $"sha256:{Convert.ToHexStringLower(SHA256.HashData(raw))}");

            using var unknown = await http.GetAsync("/copies/nope");
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

            using var health = await http.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        }
        finally
        {
            await app.StopAsync();
            Directory.Delete(contentRoot, recursive: true);
        }
    }
}
