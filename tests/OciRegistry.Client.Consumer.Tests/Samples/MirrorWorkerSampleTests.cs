using System.Security.Cryptography;
using Consumer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MirrorWorker;
using OciRegistry.Client.Http;

namespace Consumer.Tests.Samples;

/// <summary>
/// The worker sample (docs/samples/MirrorWorker), built against the packed packages and started as its Program starts
/// it, mirrors an image between repositories of a real registry.
/// </summary>
public sealed class MirrorWorkerSampleTests : IAsyncLifetime
{
    private LocalRegistry _registry = null!;

    public async Task InitializeAsync() => _registry = await LocalRegistry.StartAsync();

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task The_worker_mirrors_the_configured_image_and_stops_after_one_pass()
    {
        var options = new OciRegistryClientOptions();
        options.Registries[_registry.Host] = new RegistryHostOptions { Insecure = true };
        using var setup = OciRegistryClient.Create(options);
        var pushed = await SampleImage.PushAsync(setup, $"{_registry.Host}/worker-source/app:1.0");
        var contentRoot = Directory.CreateTempSubdirectory("ocireg-worker-").FullName;
        try
        {
            using var host = MirrorWorkerApp.Build(
            [
                $"--contentRoot={contentRoot}",
                "--Mirror:RunOnce=true",
                "--Mirror:Interval=00:00:01",
                $"--Mirror:Images:0:Source={_registry.Host}/worker-source/app:1.0",
                $"--Mirror:Images:0:Destination={_registry.Host}/worker-mirror/app:mirrored",
                $"--OciRegistry:Registries:{_registry.Host}:Insecure=true",
            ]);

            var worker = host.Services.GetServices<IHostedService>().OfType<MirrorService>().Single();

            // RunOnce: the worker stops the host itself after its pass; the token only guards against a hang.
            using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await host.RunAsync(guard.Token);

            Assert.False(guard.IsCancellationRequested, "the worker did not stop by itself after one pass");
            Assert.Equal(1, worker.LastPassSucceeded);
        }
        finally
        {
            Directory.Delete(contentRoot, recursive: true);
        }

        var raw = await Skopeo.InspectRawAsync($"{_registry.Host}/worker-mirror/app:mirrored");
        Assert.Equal(pushed.Digest.ToString(), $"sha256:{Convert.ToHexStringLower(SHA256.HashData(raw))}");
    }
}
