using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MirrorWorker;
using OciRegistry.Client.TestSupport.Images;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using OciRegistry.Client.TestSupport.Tools;
using Xunit.Abstractions;

namespace OciRegistry.Client.Hosting.Tests.Samples;

/// <summary>The worker sample, built as its Program builds it, mirrors an image between repositories of a real registry.</summary>
public sealed class MirrorWorkerSampleTests(RegistryFixture registry, ITestOutputHelper output) : IClassFixture<RegistryFixture>, IDisposable
{
    private readonly ProcessLogScope _log = registry.CaptureLog(output);

    [Fact]
    public async Task The_worker_mirrors_the_configured_image_and_stops_after_one_pass()
    {
        var repository = registry.NewRepository("worker-source");
        var image = await TestImages.Locate().PushAsync(registry, repository, "1.0");
        var mirror = registry.NewRepository("worker-mirror");
        var contentRoot = Directory.CreateTempSubdirectory("ocireg-worker").FullName;
        try
        {
            using var host = MirrorWorkerApp.Build(
            [
                $"--contentRoot={contentRoot}",
                "--Mirror:RunOnce=true",
                "--Mirror:Interval=00:00:01",
                $"--Mirror:Images:0:Source={registry.Host}/{repository}:1.0",
                $"--Mirror:Images:0:Destination={registry.Host}/{mirror}:mirrored",
                $"--OciRegistry:Registries:{registry.Host}:Insecure=true",
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

        var raw = await Skopeo.Locate().InspectRawAsync(registry.DockerReference(mirror, "mirrored"), registry.GetSkopeoAccess());
        Assert.Equal(image.ManifestDigest, Digest.Compute(raw.Span, image.ManifestDigest.Algorithm));
    }

    public void Dispose() => _log.Dispose();
}
