using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Hosting.Tests.Support;
using OciRegistry.Client.Http;
using OciRegistry.Client.TestSupport.Images;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using Xunit.Abstractions;

namespace OciRegistry.Client.Hosting.Tests.Diagnostics;

/// <summary>Spans and metrics of real copies between two Distribution registries, read as OpenTelemetry would read them.</summary>
public sealed class TelemetryTests(RegistryFixture source, SecondRegistry destination, ITestOutputHelper output)
    : IClassFixture<RegistryFixture>, IClassFixture<SecondRegistry>, IDisposable
{
    private readonly ProcessLogScope _sourceLog = source.CaptureLog(output);
    private readonly ProcessLogScope _destinationLog = destination.CaptureLog(output);
    private readonly TelemetryRecorder _telemetry = new();

    [Fact]
    public async Task A_copy_reports_its_spans_and_its_blobs_transferred_skipped_and_mounted_with_bytes_and_request_durations()
    {
        var repository = source.NewRepository("telemetry");
        var image = await TestImages.Locate().PushAsync(source, repository, "v1");
        var target = destination.NewRepository("telemetry-copy");
        var mountTarget = destination.NewRepository("telemetry-mount");
        using var services = BuildServices();
        var client = services.GetRequiredService<OciRegistryClient>();
        var copier = services.GetRequiredService<ImageCopier>();

        var first = await copier.CopyAsync(
            client.GetRepository(ImageReference.Parse($"{source.Host}/{repository}")), "v1",
            client.GetRepository(ImageReference.Parse($"{destination.Host}/{target}"), RepositoryAccess.PullPush), "v1");
        var again = await copier.CopyAsync(
            client.GetRepository(ImageReference.Parse($"{source.Host}/{repository}")), "v1",
            client.GetRepository(ImageReference.Parse($"{destination.Host}/{target}"), RepositoryAccess.PullPush), "v1");
        var mounted = await copier.CopyAsync(
            client.GetRepository(ImageReference.Parse($"{destination.Host}/{target}")), "v1",
            client.GetRepository(ImageReference.Parse($"{destination.Host}/{mountTarget}"), RepositoryAccess.PullPush), "v1");

        Assert.Equal(image.ManifestDigest, first.Manifest.Digest);
        var blobCount = first.Blobs.Count;
        Assert.True(blobCount >= 2, $"an image has a config and a layer; {blobCount} blobs");

        // Spans: one copy span per copy, carrying both sides and the result; blob and manifest spans inside it.
        var copies = _telemetry.Spans("oci.copy", "oci.destination.repository", target).OrderBy(a => a.StartTimeUtc).ToList();
        Assert.Equal(2, copies.Count);
        var copy = copies[0];
        Assert.Equal(source.Host, copy.GetTagItem("oci.source.registry"));
        Assert.Equal(repository, copy.GetTagItem("oci.source.repository"));
        Assert.Equal(destination.Host, copy.GetTagItem("oci.destination.registry"));
        Assert.Equal("v1", copy.GetTagItem("oci.source.reference"));
        Assert.Equal(image.ManifestDigest.ToString(), copy.GetTagItem("oci.digest"));
        Assert.Equal(first.BytesTransferred, copy.GetTagItem("oci.bytes"));
        var blobs = _telemetry.Activities.Where(a => a.OperationName == "oci.blob.copy" && a.ParentSpanId == copy.SpanId).ToList();
        Assert.Equal(blobCount, blobs.Count);
        Assert.All(blobs, b => Assert.Equal("transferred", b.GetTagItem("oci.blob.status")));
        Assert.Equal(first.Blobs.Select(b => b.Blob.Digest.ToString()).Order(), blobs.Select(b => (string)b.GetTagItem("oci.digest")!).Order());
        var push = Assert.Single(_telemetry.Spans("oci.manifest.push", "oci.repository", target), a => a.TraceId == copy.TraceId);
        Assert.Equal(image.ManifestDigest.ToString(), push.GetTagItem("oci.digest"));
        Assert.Equal("v1", push.GetTagItem("oci.tag"));
        var requests = _telemetry.Spans("oci.registry.request", "oci.registry", destination.Host);
        Assert.Contains(requests, r => r.GetTagItem("http.request.method") as string == "PUT" && r.GetTagItem("http.response.status_code") is 201);
        Assert.All(requests, r => Assert.DoesNotContain("?", (string)r.GetTagItem("url.path")!, StringComparison.Ordinal));

        // Metrics: blobs by status, bytes and request durations by status code, for this destination only.
        var blobMeasurements = _telemetry.Of("ociregistry.copy.blobs", "oci.registry", destination.Host);
        Assert.Equal(blobCount, blobMeasurements.Where(m => Equals(m.Tags["oci.blob.status"], "transferred")).Sum(m => m.Value));
        Assert.Equal(blobCount, blobMeasurements.Where(m => Equals(m.Tags["oci.blob.status"], "skipped")).Sum(m => m.Value));
        Assert.Equal(blobCount, blobMeasurements.Where(m => Equals(m.Tags["oci.blob.status"], "mounted")).Sum(m => m.Value));
        Assert.Equal(first.BytesTransferred + again.BytesTransferred + mounted.BytesTransferred, _telemetry.Of("ociregistry.copy.bytes", "oci.registry", destination.Host).Sum(m => m.Value));
        Assert.True(first.BytesTransferred > 0);
        var durations = _telemetry.Of("ociregistry.request.duration", "oci.registry", destination.Host);
        // Every request got an answer: the plain-http registry (marked insecure, on 127.0.0.1) is recognised without an
        // https attempt, so no request fails.
        Assert.Empty(durations.Where(m => !m.Tags.ContainsKey("http.response.status_code")).Select(m => string.Join(",", m.Tags.Select(t => $"{t.Key}={t.Value}"))));
        Assert.Contains(durations, m => m.Tags["http.response.status_code"] is 201 && Equals(m.Tags["http.request.method"], "PUT"));
        Assert.Contains(durations, m => m.Tags["http.response.status_code"] is 404 && Equals(m.Tags["http.request.method"], "HEAD"));
        Assert.All(durations, m => Assert.True(m.Value >= 0));
        Assert.NotEmpty(_telemetry.Of("ociregistry.copy.duration", "oci.outcome", "success"));
    }

    public void Dispose()
    {
        _telemetry.Dispose();
        _sourceLog.Dispose();
        _destinationLog.Dispose();
    }

    private ServiceProvider BuildServices()
    {
        var configuration = TestConfiguration.From(
            ($"OciRegistry:Registries:{source.Host}:Insecure", "true"),
            ($"OciRegistry:Registries:{destination.Host}:Insecure", "true"));
        var services = new ServiceCollection();
        services.AddOciRegistryClient(configuration.GetSection("OciRegistry")).AddCopyEngine();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }
}
