using System.Text.Json;
using OciRegistry.Client.Cli.IntegrationTests.Support;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Tools;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Copy;

/// <summary>
/// <c>copy --dest-compress*</c> side by side with skopeo 1.9.3 against a real registry: layers ocireg converts are
/// read back by skopeo and umoci with the same uncompressed content (the configuration's diff IDs), layers skopeo
/// converts are read by ocireg, and the flags are accepted and refused alike.
/// </summary>
public sealed class LayerCompressionTests(PlainRegistry fixture, ITestOutputHelper output) : IClassFixture<PlainRegistry>, IDisposable
{
    private const string OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
    private const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    private const string OciLayer = "application/vnd.oci.image.layer.v1.tar";

    private readonly ProcessLogScope _log = fixture.Registry.CaptureLog(output);
    private readonly Ocireg _ocireg = new(output);
    private readonly Skopeo _skopeo = Skopeo.Locate();
    private readonly Umoci _umoci = Umoci.Locate();

    public void Dispose()
    {
        _ocireg.Dispose();
        _log.Dispose();
    }

    [Fact]
    public async Task Gzip_to_zstd_and_back_to_gzip_by_ocireg_reads_back_in_skopeo_and_umoci_with_the_same_diff_ids()
    {
        var source = Sample("v1");
        var zstd = fixture.Registry.DockerReference(fixture.Registry.NewRepository("zstd"), "v1");
        var gzip = fixture.Registry.DockerReference(fixture.Registry.NewRepository("gzip"), "v1");

        await _ocireg.SucceedAsync("copy", "--quiet", "--src-tls-verify=false", "--dest-tls-verify=false", "--dest-compress-format", "zstd", source, zstd);
        var zstdLayout = await SkopeoToLayoutAsync(zstd);
        await _ocireg.SucceedAsync("copy", "--quiet", "--src-tls-verify=false", "--dest-tls-verify=false", "--dest-compress-format", "gzip", zstd, gzip);
        var gzipLayout = await SkopeoToLayoutAsync(gzip);

        var sourceLayout = await SkopeoToLayoutAsync(source);
        var original = await LayersAsync(sourceLayout);
        var toZstd = await LayersAsync(zstdLayout);
        var backToGzip = await LayersAsync(gzipLayout);
        Assert.All(toZstd.Layers, l => Assert.Equal(OciLayerZstd, l.MediaType));
        Assert.All(backToGzip.Layers, l => Assert.Equal(OciLayerGzip, l.MediaType));
        Assert.Equal(original.Config, toZstd.Config);
        Assert.Equal(original.Config, backToGzip.Config);
        Assert.Equal(original.Layers.Select(l => l.DiffId), toZstd.Layers.Select(l => l.DiffId));
        Assert.Equal(original.Layers.Select(l => l.DiffId), backToGzip.Layers.Select(l => l.DiffId));
        Assert.NotEqual(original.Layers.Select(l => l.Digest), toZstd.Layers.Select(l => l.Digest));

        // umoci reads the zstd image's manifest and configuration, and unpacks the gzip one.
        var stat = await _umoci.RunAsync(["stat", "--image", $"{zstdLayout}:x"]);
        Assert.Contains(toZstd.Layers[0].Digest, stat.StandardOutput, StringComparison.Ordinal);
        var bundle = Path.Combine(_ocireg.PathInHome("bundle"));
        await _umoci.RunAsync(["unpack", "--rootless", "--image", $"{gzipLayout}:x", bundle]);
        Assert.True(File.Exists(Path.Combine(bundle, "rootfs", "etc", "second.txt")));
    }

    [Fact]
    public async Task Decompressing_into_dir_gives_the_layers_skopeo_gives()
    {
        var source = Sample("v1");
        var ours = _ocireg.PathInHome("ours");
        var theirs = _ocireg.PathInHome("theirs");

        await _ocireg.SucceedAsync("copy", "--quiet", "--src-tls-verify=false", "--dest-decompress", source, $"dir:{ours}");
        await _skopeo.RunAsync(["copy", "--quiet", "--src-tls-verify=false", "--dest-decompress", source, $"dir:{theirs}"]);

        var ourLayers = DirectoryLayers(ours);
        var theirLayers = DirectoryLayers(theirs);
        Assert.Equal(theirLayers, ourLayers);
        Assert.All(ourLayers, l => Assert.Equal(OciLayer, l.MediaType));
    }

    [Fact]
    public async Task A_layout_skopeo_converted_to_zstd_is_read_by_ocireg_with_the_same_diff_ids()
    {
        var layout = _ocireg.PathInHome("skopeo-zstd");
        await _skopeo.RunAsync(["copy", "--quiet", "--src-tls-verify=false", "--dest-compress-format", "zstd", Sample("v1"), $"oci:{layout}:x"]);
        var skopeoZstd = await LayersAsync(layout);
        Assert.All(skopeoZstd.Layers, l => Assert.Equal(OciLayerZstd, l.MediaType));
        var back = fixture.Registry.DockerReference(fixture.Registry.NewRepository("from-zstd"), "v1");
        var directory = _ocireg.PathInHome("decompressed");

        await _ocireg.SucceedAsync("copy", "--quiet", "--dest-tls-verify=false", "--dest-compress-format", "gzip", $"oci:{layout}:x", back);
        await _ocireg.SucceedAsync("copy", "--quiet", "--dest-decompress", $"oci:{layout}:x", $"dir:{directory}");

        var gzip = await LayersAsync(await SkopeoToLayoutAsync(back));
        Assert.All(gzip.Layers, l => Assert.Equal(OciLayerGzip, l.MediaType));
        Assert.Equal(skopeoZstd.Layers.Select(l => l.DiffId), gzip.Layers.Select(l => l.DiffId));
        Assert.Equal(skopeoZstd.Layers.Select(l => l.DiffId), DirectoryLayers(directory).Select(l => l.Digest));
    }

    [Fact]
    public async Task An_oci_layout_gets_uncompressed_layers_compressed_unless_they_are_accepted_as_skopeo_does()
    {
        var plain = _ocireg.PathInHome("plain");
        await _skopeo.RunAsync(["copy", "--quiet", "--src-tls-verify=false", "--dest-decompress", Sample("v1"), $"dir:{plain}"]);

        foreach (var (flags, expected) in new[] { (Array.Empty<string>(), OciLayerGzip), (["--dest-oci-accept-uncompressed-layers"], OciLayer) })
        {
            var ours = _ocireg.PathInHome("ours");
            var theirs = _ocireg.PathInHome("theirs");
            await _ocireg.SucceedAsync(["copy", "--quiet", .. flags, $"dir:{plain}", $"oci:{ours}:x"]);
            await _skopeo.RunAsync(["copy", "--quiet", .. flags, $"dir:{plain}", $"oci:{theirs}:x"]);

            var ourLayers = await LayersAsync(ours);
            var theirLayers = await LayersAsync(theirs);
            Assert.All(ourLayers.Layers, l => Assert.Equal(expected, l.MediaType));
            Assert.Equal(theirLayers.Layers.Select(l => l.MediaType), ourLayers.Layers.Select(l => l.MediaType));
            Assert.Equal(theirLayers.Layers.Select(l => l.DiffId), ourLayers.Layers.Select(l => l.DiffId));
        }
    }

    [Theory]
    [InlineData("Cannot compress and decompress at the same time", "--dest-compress", "--dest-decompress")]
    [InlineData("cannot find compressor for", "--dest-compress", "--dest-compress-format", "lz4")]
    public async Task Flags_skopeo_refuses_are_refused_with_its_words(string words, params string[] flags)
    {
        var ours = await _ocireg.RunAsync(["copy", "--src-tls-verify=false", .. flags, Sample("v1"), $"dir:{_ocireg.PathInHome("refused")}"]);
        var theirs = await _skopeo.Tool.RunUncheckedAsync(["--insecure-policy", "copy", "--src-tls-verify=false", .. flags, Sample("v1"), $"dir:{_ocireg.PathInHome("refused")}"]);

        Assert.NotEqual(0, theirs.ExitCode);
        Assert.Contains(words, theirs.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, ours.ExitCode);
        Assert.Contains(words, ours.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_level_that_is_not_a_number_is_refused_by_both()
    {
        var ours = await _ocireg.RunAsync(["copy", "--dest-compress-level", "abc", Sample("v1"), $"dir:{_ocireg.PathInHome("level")}"]);
        var theirs = await _skopeo.Tool.RunUncheckedAsync(["--insecure-policy", "copy", "--dest-compress-level", "abc", Sample("v1"), $"dir:{_ocireg.PathInHome("level")}"]);

        Assert.NotEqual(0, theirs.ExitCode);
        Assert.NotEqual(0, ours.ExitCode);
        Assert.Contains("--dest-compress-level", ours.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Zstd_chunked_is_refused_with_a_reason_and_nothing_is_pushed()
    {
        var destination = fixture.Registry.DockerReference(fixture.Registry.NewRepository("chunked"), "v1");

        var ours = await _ocireg.RunAsync(["copy", "--src-tls-verify=false", "--dest-tls-verify=false", "--dest-compress-format", "zstd:chunked", Sample("v1"), destination]);

        Assert.Equal(1, ours.ExitCode);
        Assert.Contains("zstd:chunked is not supported", ours.StandardError, StringComparison.Ordinal);
        var inspect = await _skopeo.Tool.RunUncheckedAsync(["inspect", "--raw", "--tls-verify=false", destination]);
        Assert.NotEqual(0, inspect.ExitCode);
    }

    [Theory]
    [InlineData("xz")]
    [InlineData("bzip2")]
    [InlineData("zstd")]
    public async Task A_compressed_docker_archive_is_listed_and_copied_as_skopeo_does(string tool)
    {
        var archive = _ocireg.PathInHome("archive") + ".tar";
        await _skopeo.RunAsync(["copy", "--quiet", "--src-tls-verify=false", Sample("v1"), $"docker-archive:{archive}:sample/app:v1"]);
        var compressed = $"{archive}.{tool}";
        await File.WriteAllBytesAsync(compressed, await CompressionTool.CompressAsync(tool, await File.ReadAllBytesAsync(archive)));
        var destination = fixture.Registry.DockerReference(fixture.Registry.NewRepository("archive"), "v1");

        var ourTags = await _ocireg.SucceedAsync("list-tags", $"docker-archive:{compressed}");
        var theirTags = await _skopeo.RunAsync(["list-tags", $"docker-archive:{compressed}"]);
        await _ocireg.SucceedAsync("copy", "--quiet", "--dest-tls-verify=false", $"docker-archive:{compressed}", destination);

        Assert.Equal(Tags(theirTags.StandardOutput), Tags(ourTags.StandardOutput));
        var copied = await LayersAsync(await SkopeoToLayoutAsync(destination));
        var original = await LayersAsync(await SkopeoToLayoutAsync(Sample("v1")));
        Assert.Equal(original.Layers.Select(l => l.DiffId), copied.Layers.Select(l => l.DiffId));
    }

    private string Sample(string tag) => fixture.Registry.DockerReference(fixture.Sample.Repository, tag);

    private static string[] Tags(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("Tags").EnumerateArray().Select(t => t.GetString()!)];
    }

    private async Task<string> SkopeoToLayoutAsync(string reference)
    {
        var layout = _ocireg.PathInHome("layout");
        await _skopeo.RunAsync(["copy", "--quiet", "--src-tls-verify=false", "--dest-oci-accept-uncompressed-layers", reference, $"oci:{layout}:x"]);
        return layout;
    }

    // The layers of the one image of a layout, each decompressed by the command-line tool its media type names and hashed.
    private static async Task<(string Config, IReadOnlyList<(string MediaType, string Digest, string DiffId)> Layers)> LayersAsync(string layout)
    {
        using var index = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(layout, "index.json")));
        var manifestDigest = index.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString()!;
        using var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(BlobPath(layout, manifestDigest)));
        var config = manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!;
        using var configDocument = JsonDocument.Parse(await File.ReadAllBytesAsync(BlobPath(layout, config)));
        var diffIds = configDocument.RootElement.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray().Select(d => d.GetString()!).ToArray();
        var layers = new List<(string, string, string)>();
        var i = 0;
        foreach (var layer in manifest.RootElement.GetProperty("layers").EnumerateArray())
        {
            var mediaType = layer.GetProperty("mediaType").GetString()!;
            var digest = layer.GetProperty("digest").GetString()!;
            var bytes = await File.ReadAllBytesAsync(BlobPath(layout, digest));
            var tar = mediaType switch
            {
                OciLayerZstd => await CompressionTool.DecompressAsync("zstd", bytes),
                OciLayerGzip => await CompressionTool.DecompressAsync("gzip", bytes),
                _ => bytes,
            };
            var diffId = Digest.Compute(tar).ToString();
            Assert.Equal(diffIds[i++], diffId);
            layers.Add((mediaType, digest, diffId));
        }

        return (config, layers);
    }

    private static IReadOnlyList<(string MediaType, string Digest)> DirectoryLayers(string directory)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, "manifest.json")));
        return [.. manifest.RootElement.GetProperty("layers").EnumerateArray()
            .Select(l => (l.GetProperty("mediaType").GetString()!, l.GetProperty("digest").GetString()!))];
    }

    private static string BlobPath(string layout, string digest) => Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..]);
}
