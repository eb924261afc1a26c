using System.Buffers;
using System.Text;
using System.Text.Json;
using OciRegistry.Client.Copy.Formats;
using OciRegistry.Client.Copy.Tests.Support;
using OciRegistry.Client.Models;
using TestImage = OciRegistry.Client.Copy.Tests.Transports.Support.TestImage;

namespace OciRegistry.Client.Copy.Tests.Formats;

public sealed class Schema1ConversionTests
{
    private readonly ImageCopier _copier = Copiers.Create();

    [Fact]
    public async Task Layers_are_oldest_first_throwaways_become_empty_history_and_diff_ids_are_the_uncompressed_digests()
    {
        var source = new InMemoryImageStore();
        var baseTar = TestImage.LayerTar("base\n");
        var topTar = TestImage.LayerTar("top <&>\n");
        var baseLayer = source.AddBlob(TestImage.Gzip(baseTar));
        var topLayer = source.AddBlob(TestImage.Gzip(topTar));
        var empty = source.AddBlob(TestImage.Gzip(TestImage.LayerTar("empty\n")));
        // Newest first, as schema 1 lists them: the top layer, a throwaway (config-only) step, the base layer.
        string[] history =
        [
            """{"id":"c","parent":"b","Size":5,"architecture":"amd64","os":"linux","config":{"Env":["A=1"],"Cmd":["/app"]},"created":"2021-05-06T07:08:09.120000000Z","container_config":{"Cmd":["/bin/sh","-c","echo <top> && done"]},"author":"me"}""",
            """{"id":"b","parent":"a","created":"2021-05-06T07:08:08Z","throwaway":true,"container_config":{"Cmd":["/bin/sh","-c","#(nop) ENV A=1"]}}""",
            """{"id":"a","created":"2021-05-06T07:08:07+00:00","comment":"base"}""",
        ];
        var manifest = Schema1Manifest([topLayer.Digest, empty.Digest, baseLayer.Digest], history);
        source.AddManifest(manifest, "v1");
        var destination = new InMemoryImageStore();

        var result = await _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options(o => o.Format = ManifestFormat.DockerV2S2));

        var written = await destination.FetchManifestAsync("v1");
        Assert.Equal(MediaTypes.DockerManifest, written.MediaType);
        Assert.Equal([baseLayer.Digest, topLayer.Digest], written.Image!.Layers.Select(l => l.Digest));
        Assert.Equal([baseLayer.Size, topLayer.Size], written.Image.Layers.Select(l => l.Size));
        Assert.All(written.Image.Layers, l => Assert.Equal(MediaTypes.DockerLayerGzip, l.MediaType));
        Assert.Equal(manifest.Digest, result.SourceDigest);
        Assert.True(result.DigestChanged);

        var configBytes = destination.GetBlob(written.Image.Config.Digest);
        var config = JsonDocument.Parse(configBytes).RootElement;
        Assert.Equal(
            ["architecture", "author", "config", "container_config", "created", "history", "os", "rootfs"],
            config.EnumerateObject().Select(p => p.Name));
        Assert.Equal([Digest.Compute(baseTar).ToString(), Digest.Compute(topTar).ToString()], config.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray().Select(e => e.GetString()));
        var steps = config.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(3, steps.Count);
        Assert.Equal("""{"created":"2021-05-06T07:08:07Z","comment":"base"}""", steps[0].GetRawText());
        Assert.Equal("""{"created":"2021-05-06T07:08:08Z","created_by":"/bin/sh -c #(nop) ENV A=1","empty_layer":true}""", steps[1].GetRawText());
        Assert.Equal("""{"created":"2021-05-06T07:08:09.12Z","author":"me","created_by":"/bin/sh -c echo \u003ctop\u003e \u0026\u0026 done"}""", steps[2].GetRawText());
        Assert.Contains("\"container_config\":{\"Cmd\":[\"/bin/sh\",\"-c\",\"echo \\u003ctop\\u003e \\u0026\\u0026 done\"]}", Encoding.UTF8.GetString(configBytes), StringComparison.Ordinal);
        Assert.DoesNotContain(destination.Operations, o => o.Subject == empty.Digest.ToString() && o.Kind == StoreOperationKind.PushBlob);
    }

    [Fact]
    public async Task A_layer_whose_bytes_do_not_match_its_blob_sum_fails_the_conversion_and_nothing_is_written()
    {
        var source = new InMemoryImageStore();
        var layer = TestImage.Gzip(TestImage.LayerTar("real\n"));
        var claimed = Descriptor.FromContent(MediaTypes.DockerLayerGzip, layer);
        source.AddCorruptBlob(claimed, TestImage.Gzip(TestImage.LayerTar("forged\n")));
        source.AddManifest(Schema1Manifest([claimed.Digest], ["""{"id":"a","created":"2021-01-01T00:00:00Z"}"""]), "v1");
        var destination = new InMemoryImageStore();

        await Assert.ThrowsAsync<DigestMismatchException>(() =>
            _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options(o => o.Format = ManifestFormat.Oci)));

        Assert.Empty(destination.Operations);
    }

    [Theory]
    [InlineData("", "0001-01-01T00:00:00Z")]
    [InlineData("2021-05-06T07:08:09Z", "2021-05-06T07:08:09Z")]
    [InlineData("2021-05-06T07:08:09.000Z", "2021-05-06T07:08:09Z")]
    [InlineData("2021-05-06T07:08:09.123456789Z", "2021-05-06T07:08:09.123456789Z")]
    [InlineData("2021-05-06T07:08:09.5+02:00", "2021-05-06T07:08:09.5+02:00")]
    [InlineData("2021-05-06T07:08:09-00:00", "2021-05-06T07:08:09Z")]
    public void Times_are_written_as_go_writes_them(string created, string expected) =>
        Assert.Equal(expected, Schema1Conversion.GoTime(created));

    [Theory]
    [InlineData("{ \"a\" : [ 1, 2 ],\n \"b\": \"x y\" }", "{\"a\":[1,2],\"b\":\"x y\"}")]
    [InlineData("\"<a href='x'>&amp;</a>\"", "\"\\u003ca href='x'\\u003e\\u0026amp;\\u003c/a\\u003e\"")]
    [InlineData("\"already \\u003c escaped \\\" quote\"", "\"already \\u003c escaped \\\" quote\"")]
    [InlineData("\"line\u2028separator\"", "\"line\\u2028separator\"")]
    public void Raw_json_is_compacted_and_escaped_as_go_does(string json, string expected)
    {
        var output = new ArrayBufferWriter<byte>();

        GoJsonWriter.WriteCompact(Encoding.UTF8.GetBytes(json), output);

        Assert.Equal(expected, Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Strings_are_escaped_as_go_does()
    {
        var output = new ArrayBufferWriter<byte>();

        GoJsonWriter.WriteString("a\"b\\c\n\t\u0001<>&\u2029é", output);

        Assert.Equal("\"a\\\"b\\\\c\\n\\t\\u0001\\u003c\\u003e\\u0026\\u2029é\"", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    private static Manifest Schema1Manifest(IReadOnlyList<Digest> layersNewestFirst, IReadOnlyList<string> historyNewestFirst)
    {
        var fsLayers = string.Join(',', layersNewestFirst.Select(d => $$"""{"blobSum":"{{d}}"}"""));
        var history = string.Join(',', historyNewestFirst.Select(h => $$"""{"v1Compatibility":{{JsonSerializer.Serialize(h)}}}"""));
        return Manifest.Parse(
            Encoding.UTF8.GetBytes($$"""{"schemaVersion":1,"name":"test/app","tag":"v1","architecture":"amd64","fsLayers":[{{fsLayers}}],"history":[{{history}}]}"""),
            MediaTypes.DockerSchema1Manifest);
    }
}
