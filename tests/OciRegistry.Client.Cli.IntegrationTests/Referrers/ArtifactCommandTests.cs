using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OciRegistry.Client.Cli.IntegrationTests.Support;
using OciRegistry.Client.Models;
using OciRegistry.Client.Referrers;
using OciRegistry.Client.TestSupport.Artifacts;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using OciRegistry.Client.TestSupport.Tools;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Referrers;

/// <summary>
/// A Helm chart pushed as an OCI artifact (Helm's media types, as <c>helm push</c> writes them) that refers to an
/// image, written with plain HTTP requests so that nothing of ours wrote it: inspect, list-referrers and
/// copy --referrers read and carry it.
/// </summary>
public sealed class ArtifactCommandTests(PlainRegistry fixture, ITestOutputHelper output) : IClassFixture<PlainRegistry>, IDisposable
{
    private const string HelmConfig = "application/vnd.cncf.helm.config.v1+json";
    private const string HelmChart = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

    private readonly ProcessLogScope _log = fixture.Registry.CaptureLog(output);
    private readonly Ocireg _ocireg = new(output);

    public void Dispose()
    {
        _ocireg.Dispose();
        _log.Dispose();
    }

    [Fact]
    public async Task Inspect_of_a_helm_chart_shows_its_types_annotations_and_layers_and_raw_is_byte_for_byte()
    {
        var image = await fixture.PushNewAsync("artifacts/inspect", "v1");
        var chart = await PushChartAsync(image.Repository, image.ManifestDigest, "chart-0.1.0");

        var inspected = await _ocireg.SucceedAsync("inspect", "--tls-verify=false", fixture.Registry.DockerReference(image.Repository, "chart-0.1.0"));
        var raw = await _ocireg.SucceedAsync("inspect", "--raw", "--tls-verify=false", fixture.Registry.DockerReference(image.Repository, "chart-0.1.0"));

        Assert.Equal(chart.Content.ToArray(), raw.StandardOutputBytes);
        using var json = JsonDocument.Parse(inspected.StandardOutput);
        var root = json.RootElement;
        Assert.Equal(chart.Digest.ToString(), root.GetProperty("Digest").GetString());
        Assert.Equal(HelmConfig, root.GetProperty("ArtifactType").GetString());
        Assert.Equal("signtest", root.GetProperty("Annotations").GetProperty("org.opencontainers.image.title").GetString());
        Assert.Equal(HelmConfig, root.GetProperty("Config").GetProperty("MIMEType").GetString());
        Assert.Equal(image.ManifestDigest.ToString(), root.GetProperty("Subject").GetProperty("Digest").GetString());
        var layer = Assert.Single(root.GetProperty("LayersData").EnumerateArray());
        Assert.Equal(HelmChart, layer.GetProperty("MIMEType").GetString());
        Assert.Equal(ChartBytes.Length, layer.GetProperty("Size").GetInt64());
    }

    [Fact]
    public async Task List_referrers_prints_the_tree_and_copy_with_referrers_carries_the_chart_byte_for_byte()
    {
        var image = await fixture.PushNewAsync("artifacts/source", "v1");
        var chart = await PushChartAsync(image.Repository, image.ManifestDigest, null);
        await PutManifestAsync(
            image.Repository,
            ReferrerTags.ForSubject(image.ManifestDigest),
            MediaTypes.OciIndex,
            Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{chart.Digest}}","size":{{chart.Size}},"artifactType":"{{HelmConfig}}","annotations":{"org.opencontainers.image.title":"signtest","org.opencontainers.image.version":"0.1.0"} }]}"""));
        var source = fixture.Registry.DockerReference(image.Repository, "v1");
        var target = fixture.Registry.NewRepository("artifacts/target");

        var tree = await _ocireg.SucceedAsync("list-referrers", "--tls-verify=false", source);
        var json = await _ocireg.SucceedAsync("list-referrers", "--tls-verify=false", "--format", "json", source);
        await _ocireg.SucceedAsync("copy", "--referrers", "--src-tls-verify=false", "--dest-tls-verify=false", source, fixture.Registry.DockerReference(target, "v1"));
        var copied = await _ocireg.SucceedAsync("list-referrers", "--tls-verify=false", "--format", "json", fixture.Registry.DockerReference(target, "v1"));

        Assert.Contains($"└── {chart.Digest}  {HelmConfig}", tree.StandardOutput, StringComparison.Ordinal);
        using var listed = JsonDocument.Parse(json.StandardOutput);
        Assert.Equal(chart.Digest.ToString(), Assert.Single(listed.RootElement.GetProperty("referrers").EnumerateArray()).GetProperty("digest").GetString());
        Assert.Equal(json.StandardOutput.Replace(image.Repository, target, StringComparison.Ordinal), copied.StandardOutput);
        var raw = await Skopeo.Locate().InspectRawAsync(fixture.Registry.DockerReference(target, chart.Digest.ToString()), fixture.Registry.GetSkopeoAccess());
        Assert.Equal(chart.Content.ToArray(), raw.ToArray());
    }

    [Fact]
    public async Task Converting_a_helm_chart_is_refused_with_the_reason()
    {
        var image = await fixture.PushNewAsync("artifacts/convert", "v1");
        await PushChartAsync(image.Repository, image.ManifestDigest, "chart");

        var result = await _ocireg.RunAsync(
            "copy", "--format", "v2s2", "--src-tls-verify=false", "--dest-tls-verify=false",
            fixture.Registry.DockerReference(image.Repository, "chart"), fixture.Registry.DockerReference(image.Repository, "converted"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Copy it without a format conversion", result.StandardError, StringComparison.Ordinal);
    }

    // A real packaged chart and its metadata as helm push stores it (Artifacts/Fixtures in the test support project).
    private static readonly byte[] ChartBytes = RealArtifacts.Read("helm", "signtest-0.1.0.tgz");

    private async Task<Manifest> PushChartAsync(string repository, Digest subject, string? tag)
    {
        var config = RealArtifacts.Read("helm", "config.json");
        await PushBlobAsync(repository, config);
        await PushBlobAsync(repository, ChartBytes);
        var manifest = Encoding.UTF8.GetBytes($$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
             "config":{"mediaType":"{{HelmConfig}}","digest":"{{Digest.Compute(config)}}","size":{{config.Length}}},
             "layers":[{"mediaType":"{{HelmChart}}","digest":"{{Digest.Compute(ChartBytes)}}","size":{{ChartBytes.Length}}}],
             "subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{subject}}","size":1},
             "annotations":{"org.opencontainers.image.title":"signtest","org.opencontainers.image.version":"0.1.0"} }
            """);
        var parsed = Manifest.Parse(manifest, MediaTypes.OciManifest);
        await PutManifestAsync(repository, tag ?? parsed.Digest.ToString(), MediaTypes.OciManifest, manifest);
        return parsed;
    }

    private async Task PushBlobAsync(string repository, byte[] content)
    {
        using var http = fixture.Registry.CreateHttpClient();
        using var start = await http.PostAsync($"v2/{repository}/blobs/uploads/", null);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var location = start.Headers.Location!;
        var absolute = location.IsAbsoluteUri ? location : new Uri(fixture.Registry.BaseAddress, location);
        var separator = string.IsNullOrEmpty(absolute.Query) ? "?" : "&";
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var finish = await http.PutAsync(new Uri(absolute + separator + "digest=" + Uri.EscapeDataString(Digest.Compute(content).ToString())), body);
        Assert.Equal(HttpStatusCode.Created, finish.StatusCode);
    }

    private async Task PutManifestAsync(string repository, string reference, string mediaType, byte[] content)
    {
        using var http = fixture.Registry.CreateHttpClient();
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var put = await http.PutAsync($"v2/{repository}/manifests/{reference}", body);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
    }
}
