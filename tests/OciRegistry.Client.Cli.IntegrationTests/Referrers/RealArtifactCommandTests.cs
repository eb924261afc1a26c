using System.Text.Json;
using System.Text.Json.Nodes;
using OciRegistry.Client.Cli.IntegrationTests.Support;
using OciRegistry.Client.TestSupport.Artifacts;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Tools;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Referrers;

/// <summary>
/// Real evidence (RealArtifacts: a BuildKit index with attestation manifests, a CycloneDX SBOM, a Helm chart with its
/// provenance file below it, DSSE-enveloped SLSA provenance of the arm64 image) pushed to Distribution 2.8 with plain
/// HTTP, referrers tag indexes included: <c>copy --referrers</c> and <c>sync --referrers</c> carry every referrer byte
/// for byte, the destination's referrer trees equal the source's, inspect reads the chart, and skopeo 1.9.3 reads
/// the copy whole.
/// </summary>
public sealed class RealArtifactCommandTests(PlainRegistry fixture, ITestOutputHelper output) : IClassFixture<PlainRegistry>, IDisposable
{
    private readonly ProcessLogScope _log = fixture.Registry.CaptureLog(output);
    private readonly Ocireg _ocireg = new(output);

    [Fact]
    public async Task Copy_with_referrers_carries_the_real_evidence_byte_for_byte_inspect_reads_the_chart_and_skopeo_reads_the_copy()
    {
        var (repository, evidence) = await PushAsync("real/copy-src");
        var target = fixture.Registry.NewRepository("real/copy-dst");

        await _ocireg.SucceedAsync(
            "copy", "--all", "--referrers", "--src-tls-verify=false", "--dest-tls-verify=false",
            Reference(repository, "v1"), Reference(target, "v1"));

        await AssertSameTreesAsync(repository, target, evidence);
        foreach (var manifest in evidence.Referrers.Prepend(evidence.Index))
        {
            var raw = await _ocireg.SucceedAsync("inspect", "--raw", "--tls-verify=false", Reference(target, manifest.Digest));
            Assert.Equal(manifest.Content, raw.StandardOutputBytes);
        }

        var chart = await _ocireg.SucceedAsync("inspect", "--tls-verify=false", Reference(target, evidence.Chart.Digest));
        using (var json = JsonDocument.Parse(chart.StandardOutput))
        {
            var root = json.RootElement;
            Assert.Equal(RealArtifacts.HelmConfig, root.GetProperty("ArtifactType").GetString());
            Assert.Equal(RealArtifacts.HelmConfig, root.GetProperty("Config").GetProperty("MIMEType").GetString());
            Assert.Equal("signtest", root.GetProperty("Annotations").GetProperty("org.opencontainers.image.title").GetString());
            Assert.Equal(evidence.Index.Digest, root.GetProperty("Subject").GetProperty("Digest").GetString());
            var layer = Assert.Single(root.GetProperty("LayersData").EnumerateArray());
            Assert.Equal(RealArtifacts.HelmChart, layer.GetProperty("MIMEType").GetString());
            Assert.Equal(RealArtifacts.Read("helm", "signtest-0.1.0.tgz").Length, layer.GetProperty("Size").GetInt64());
        }

        // skopeo reads the copied index, and every image and attestation manifest in it, down to the last blob.
        var skopeo = Skopeo.Locate();
        var access = fixture.Registry.GetSkopeoAccess();
        Assert.Equal(evidence.Index.Content, (await skopeo.InspectRawAsync(Reference(target, "v1"), access)).ToArray());
        var layout = _ocireg.PathInHome("skopeo-layout");
        var copied = await skopeo.CopyAsync(Reference(target, "v1"), $"oci:{layout}:v1", sourceAccess: access, flags: "--all");
        Assert.Equal(evidence.Index.Digest, copied.ToString());
        Assert.True(File.Exists(Path.Combine(layout, "blobs", "sha256", RealArtifacts.Arm64Image["sha256:".Length..])));
    }

    [Fact]
    public async Task Sync_with_referrers_carries_the_real_evidence_and_a_rerun_skips_the_unchanged_image()
    {
        var (repository, evidence) = await PushAsync("real/sync-src");
        var prefix = $"{fixture.Registry.Host}/{fixture.Registry.NewRepository("real/sync-dst")}";
        var digests = _ocireg.PathInHome("sync-digests");
        string[] sync =
        [
            "sync", "--src", "docker", "--dest", "docker", "--all", "--referrers", "--src-tls-verify=false", "--dest-tls-verify=false",
            $"{fixture.Registry.Host}/{repository}", prefix,
        ];

        await _ocireg.SucceedAsync([.. sync, "--digestfile", digests]);
        var rerun = await _ocireg.SucceedAsync(sync);

        var line = Assert.Single(File.ReadAllLines(digests), l => l.Length > 0);
        Assert.StartsWith(evidence.Index.Digest + " docker://", line, StringComparison.Ordinal);
        var destination = line[(line.IndexOf("docker://", StringComparison.Ordinal) + "docker://".Length + fixture.Registry.Host.Length + 1)..line.LastIndexOf(':')];
        await AssertSameTreesAsync(repository, destination, evidence);
        foreach (var referrer in evidence.Referrers)
        {
            var raw = await _ocireg.SucceedAsync("inspect", "--raw", "--tls-verify=false", Reference(destination, referrer.Digest));
            Assert.Equal(referrer.Content, raw.StandardOutputBytes);
        }

        Assert.Contains(rerun.ErrorLines, l => l.StartsWith("Skipped", StringComparison.Ordinal));
        Assert.DoesNotContain(rerun.ErrorLines, l => l.StartsWith("Copied", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _ocireg.Dispose();
        _log.Dispose();
    }

    private async Task<(string Repository, Evidence Evidence)> PushAsync(string prefix)
    {
        var repository = fixture.Registry.NewRepository(prefix);
        using var http = fixture.Registry.CreateHttpClient();
        var index = await RealArtifacts.PushBuildKitIndexAsync(http, repository, "v1");
        return (repository, await RealArtifacts.AttachEvidenceAsync(http, repository, index, fallbackIndexes: true));
    }

    // The referrer trees of the index and of the arm64 image, as list-referrers prints them, equal at both ends.
    private async Task AssertSameTreesAsync(string source, string target, Evidence evidence)
    {
        foreach (var subject in new[] { evidence.Index.Digest, evidence.Arm64Image.Digest })
        {
            var expected = await ListAsync(source, subject);
            Assert.Equal(subject == evidence.Index.Digest ? 3 : 1, Count(expected["referrers"]!.AsArray()));
            Assert.Equal(expected.ToJsonString().Replace(source, target, StringComparison.Ordinal), (await ListAsync(target, subject)).ToJsonString());
        }
    }

    private async Task<JsonObject> ListAsync(string repository, string digest)
    {
        var listed = await _ocireg.SucceedAsync("list-referrers", "--tls-verify=false", "--format", "json", Reference(repository, digest));
        var root = JsonNode.Parse(listed.StandardOutput)!.AsObject();
        Sort(root);
        return root;
    }

    // Registries list referrers in orders of their own: siblings are compared in digest order.
    private static void Sort(JsonObject node)
    {
        var referrers = node["referrers"]!.AsArray();
        var sorted = referrers.Select(r => r!.AsObject()).OrderBy(r => r["digest"]!.GetValue<string>(), StringComparer.Ordinal).ToList();
        referrers.Clear();
        foreach (var referrer in sorted)
        {
            Sort(referrer);
            referrers.Add(referrer);
        }
    }

    private static int Count(JsonArray referrers) => referrers.Sum(r => 1 + Count(r!["referrers"]!.AsArray()));

    private string Reference(string repository, string tagOrDigest) => fixture.Registry.DockerReference(repository, tagOrDigest);
}
