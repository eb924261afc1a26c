using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using OciRegistry.Client.TestSupport.Images;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using OciRegistry.Client.TestSupport.Tools;
using RegistryApi;
using Xunit.Abstractions;

namespace OciRegistry.Client.Hosting.Tests.Samples;

/// <summary>The API sample on real Kestrel (127.0.0.1, a free port) against a real registry: inspect, tags, a background copy, health.</summary>
public sealed class RegistryApiSampleTests(RegistryFixture registry, ITestOutputHelper output) : IClassFixture<RegistryFixture>, IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ProcessLogScope _log = registry.CaptureLog(output);

    [Fact]
    public async Task The_api_inspects_lists_tags_copies_in_the_background_reports_the_status_and_is_healthy()
    {
        var repository = registry.NewRepository("api-source");
        var image = await TestImages.Locate().PushAsync(registry, repository, "1.0");
        var copyTarget = registry.NewRepository("api-copy");
        var contentRoot = Directory.CreateTempSubdirectory("ocireg-api").FullName;
        await using var app = RegistryApiApp.Build(
        [
            $"--contentRoot={contentRoot}",
            "--urls=http://127.0.0.1:0",
            $"--OciRegistry:Registries:{registry.Host}:Insecure=true",
        ]);
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
            Assert.Equal("127.0.0.1", http.BaseAddress.Host);

            var inspected = await http.GetFromJsonAsync<InspectResult>($"/inspect?reference={registry.Host}/{repository}:1.0", Json);
            Assert.Equal(image.ManifestDigest.ToString(), inspected!.Digest);
            Assert.NotEmpty(inspected.Layers!);

            var tags = await http.GetFromJsonAsync<TagList>($"/tags?repository={registry.Host}/{repository}", Json);
            Assert.Equal(["1.0"], tags!.Tags);

            using var accepted = await http.PostAsJsonAsync(
                "/copies", new CopyRequest($"{registry.Host}/{repository}:1.0", $"{registry.Host}/{copyTarget}:copied"), Json);
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
            Assert.Equal(image.ManifestDigest.ToString(), job.Digest);
            var raw = await Skopeo.Locate().InspectRawAsync(registry.DockerReference(copyTarget, "copied"), registry.GetSkopeoAccess());
            Assert.Equal(image.ManifestDigest, Digest.Compute(raw.Span, image.ManifestDigest.Algorithm));

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

    public void Dispose() => _log.Dispose();
}
