using System.Text.Json;
using System.Text.Json.Nodes;
using OciRegistry.Client.Cli.IntegrationTests.Support;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Tools;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Inspect;

/// <summary>ocireg and skopeo read the same images and must print the same thing: skopeo is the golden output.</summary>
public sealed class SkopeoGoldenTests(PlainRegistry fixture, ITestOutputHelper output) : IClassFixture<PlainRegistry>, IDisposable
{
    private readonly ProcessLogScope _log = fixture.Registry.CaptureLog(output);
    private readonly Ocireg _ocireg = new(output);
    private readonly Skopeo _skopeo = Skopeo.Locate();

    private string Image => fixture.Registry.DockerReference(fixture.Sample.Repository, "v1");

    public void Dispose()
    {
        _ocireg.Dispose();
        _log.Dispose();
    }

    [Fact]
    public async Task Inspect_prints_skopeos_json_field_by_field_in_skopeos_order()
    {
        var theirs = JsonNode.Parse(await SkopeoAsync("inspect", Image))!.AsObject();
        var result = await _ocireg.SucceedAsync("inspect", "--tls-verify=false", Image);
        var ours = JsonNode.Parse(result.StandardOutput)!.AsObject();

        // skopeo 1.9.3 predates LayersData; every other field must match, name, value and place.
        var ourNames = ours.Select(p => p.Key).Where(k => k != "LayersData").ToList();
        Assert.Equal(theirs.Select(p => p.Key).ToList(), ourNames);
        foreach (var (name, value) in theirs)
        {
            Assert.True(JsonNode.DeepEquals(value, ours[name]), $"{name}: skopeo {value?.ToJsonString()}, ocireg {ours[name]?.ToJsonString()}");
        }

        Assert.Equal(fixture.Sample.ManifestDigest.ToString(), ours["Digest"]!.GetValue<string>());
        Assert.Equal(["v1", "v2"], ours["RepoTags"]!.AsArray().Select(t => t!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(SampleImage.LayerCount, ours["Layers"]!.AsArray().Count);
        Assert.Equal(SampleImage.LayerCount, ours["LayersData"]!.AsArray().Count);
    }

    [Fact]
    public async Task Inspect_raw_prints_the_manifest_byte_for_byte_as_skopeo()
    {
        var theirs = await _skopeo.InspectRawAsync(Image, SkopeoRegistryAccess.Insecure);

        var ours = await _ocireg.SucceedAsync("inspect", "--raw", "--tls-verify=false", Image);

        Assert.Equal(theirs.ToArray(), ours.StandardOutputBytes);
        Assert.Equal(fixture.Sample.ManifestDigest, Digest.Compute(ours.StandardOutputBytes));
    }

    [Fact]
    public async Task Inspect_raw_config_prints_the_config_blob_byte_for_byte_as_skopeo()
    {
        var theirs = (await _skopeo.RunAsync(["inspect", "--raw", "--config", "--tls-verify=false", "--no-creds", Image])).StandardOutputBytes;

        var ours = await _ocireg.SucceedAsync("inspect", "--raw", "--config", "--tls-verify=false", Image);

        Assert.Equal(theirs.ToArray(), ours.StandardOutputBytes);
    }

    [Fact]
    public async Task Inspect_config_prints_skopeos_json()
    {
        var theirs = JsonNode.Parse(await SkopeoAsync("inspect", "--config", Image));

        var ours = JsonNode.Parse((await _ocireg.SucceedAsync("inspect", "--config", "--tls-verify=false", Image)).StandardOutput);

        Assert.True(JsonNode.DeepEquals(theirs, ours), $"skopeo {theirs?.ToJsonString()}, ocireg {ours?.ToJsonString()}");
    }

    [Fact]
    public async Task Inspect_no_tags_prints_skopeos_json_without_the_tag_list()
    {
        var theirs = JsonNode.Parse(await SkopeoAsync("inspect", "--no-tags", Image))!.AsObject();

        var ours = JsonNode.Parse((await _ocireg.SucceedAsync("inspect", "-n", "--tls-verify=false", Image)).StandardOutput)!.AsObject();

        foreach (var (name, value) in theirs)
        {
            Assert.True(JsonNode.DeepEquals(value, ours[name]), $"{name}: skopeo {value?.ToJsonString()}, ocireg {ours[name]?.ToJsonString()}");
        }
    }

    [Fact]
    public async Task Inspect_format_template_prints_what_skopeo_prints()
    {
        const string Template = "{{.Digest}} {{.Os}}/{{.Architecture}}";
        var theirs = await SkopeoAsync("inspect", "--format", Template, Image);

        var ours = await _ocireg.SucceedAsync("inspect", "--format", Template, "--tls-verify=false", Image);

        Assert.Equal(theirs, ours.StandardOutput);
    }

    [Fact]
    public async Task List_tags_prints_skopeos_json()
    {
        var repository = fixture.Registry.DockerReference(fixture.Sample.Repository, "v1")[..^":v1".Length];
        var theirs = JsonNode.Parse(await SkopeoAsync("list-tags", repository));

        var ours = await _ocireg.SucceedAsync("list-tags", "--tls-verify=false", repository);

        var parsed = JsonNode.Parse(ours.StandardOutput);
        Assert.True(JsonNode.DeepEquals(theirs, parsed), $"skopeo {theirs?.ToJsonString()}, ocireg {parsed?.ToJsonString()}");
        Assert.Equal(["Repository", "Tags"], parsed!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Manifest_digest_of_a_file_equals_skopeos()
    {
        var manifest = _ocireg.PathInHome("manifest.json");
        await File.WriteAllBytesAsync(manifest, (await _skopeo.InspectRawAsync(Image, SkopeoRegistryAccess.Insecure)).ToArray());
        var theirs = (await _skopeo.RunAsync(["manifest-digest", manifest])).StandardOutput;

        var ours = await _ocireg.SucceedAsync("manifest-digest", manifest);

        Assert.Equal(theirs, ours.StandardOutput);
        Assert.Equal(fixture.Sample.ManifestDigest.ToString(), ours.StandardOutput.Trim());
    }

    [Fact]
    public async Task Inspect_of_an_oci_layout_equals_skopeos()
    {
        var layout = fixture.Sample.Layout.SkopeoReference;
        var theirs = JsonNode.Parse(await SkopeoAsync("inspect", layout))!.AsObject();

        var ours = JsonNode.Parse((await _ocireg.SucceedAsync("inspect", layout)).StandardOutput)!.AsObject();

        foreach (var (name, value) in theirs)
        {
            Assert.True(JsonNode.DeepEquals(value, ours[name]), $"{name}: skopeo {value?.ToJsonString()}, ocireg {ours[name]?.ToJsonString()}");
        }
    }

    private async Task<string> SkopeoAsync(string verb, params string[] arguments)
    {
        string[] access = arguments[^1].StartsWith("docker://", StringComparison.Ordinal) ? ["--tls-verify=false", "--no-creds"] : [];
        var result = await _skopeo.RunAsync([verb, .. access, .. arguments]);
        output.WriteLine($"skopeo {verb}: {result.StandardOutput}");
        return result.StandardOutput;
    }
}
