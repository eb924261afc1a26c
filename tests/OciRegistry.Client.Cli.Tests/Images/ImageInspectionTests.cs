using System.Text;
using OciRegistry.Client.Cli.Images;
using OciRegistry.Client.Cli.Output;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Cli.Tests.Images;

public sealed class ImageInspectionTests
{
    private const string ConfigJson =
        "{\"created\":\"2026-11-26T19:11:21.425852746Z\",\"author\":\"me\",\"architecture\":\"arm64\",\"variant\":\"v8\",\"os\":\"linux\"," +
        "\"config\":{\"Env\":[\"FOO=bar\",\"PATH=/bin\"],\"Labels\":{\"z\":\"last\",\"a\":\"<first>\"}}," +
        "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:3139af1005f8c0250d033be4abb1c154b380ba22f1d949ff5d4bae10f61ef9df\"]}}";

    private static ImageInspection Create(string config)
    {
        var configBytes = Encoding.UTF8.GetBytes(config);
        var configDigest = Digest.Compute(configBytes);
        var manifestJson =
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"," +
            $"\"config\":{{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"{configDigest}\",\"size\":{configBytes.Length}}}," +
            "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:e89a205cfc51f1dd29084f51b8f8e4fa60ff63a74b2aff8b78eea783e128b306\",\"size\":164," +
            "\"annotations\":{\"k\":\"v\"}}]}";
        var manifest = Manifest.Parse(Encoding.UTF8.GetBytes(manifestJson));
        return new ImageInspection(manifest, manifest, configBytes);
    }

    [Fact]
    public void Output_has_skopeos_fields_in_skopeos_order_and_format()
    {
        var inspection = Create(ConfigJson);
        var json = GoJsonSerializer.Serialize(inspection.ToOutput("127.0.0.1:5000/team/app", ["v1", "v2"]), indent: true);
        var expected = $$"""
            {
                "Name": "127.0.0.1:5000/team/app",
                "Digest": "{{inspection.TopLevel.Digest}}",
                "RepoTags": [
                    "v1",
                    "v2"
                ],
                "Created": "2026-11-26T19:11:21.425852746Z",
                "DockerVersion": "",
                "Labels": {
                    "a": "\u003cfirst\u003e",
                    "z": "last"
                },
                "Architecture": "arm64",
                "Variant": "v8",
                "Os": "linux",
                "Layers": [
                    "sha256:e89a205cfc51f1dd29084f51b8f8e4fa60ff63a74b2aff8b78eea783e128b306"
                ],
                "LayersData": [
                    {
                        "MIMEType": "application/vnd.oci.image.layer.v1.tar+gzip",
                        "Digest": "sha256:e89a205cfc51f1dd29084f51b8f8e4fa60ff63a74b2aff8b78eea783e128b306",
                        "Size": 164,
                        "Annotations": {
                            "k": "v"
                        }
                    }
                ],
                "Env": [
                    "FOO=bar",
                    "PATH=/bin"
                ]
            }
            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), json);
    }

    [Fact]
    public void Empty_values_print_as_skopeo_prints_them()
    {
        var inspection = Create("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
        var json = GoJsonSerializer.Serialize(inspection.ToOutput(null, []), indent: true);
        Assert.DoesNotContain("\"Name\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Variant\"", json, StringComparison.Ordinal);
        Assert.Contains("\"RepoTags\": [],", json, StringComparison.Ordinal);
        Assert.Contains("\"Created\": null,", json, StringComparison.Ordinal);
        Assert.Contains("\"Labels\": null,", json, StringComparison.Ordinal);
        Assert.EndsWith("\"Env\": null\n}", json, StringComparison.Ordinal);
        Assert.StartsWith("{\n    \"Digest\": \"sha256:", json, StringComparison.Ordinal);
    }
}
