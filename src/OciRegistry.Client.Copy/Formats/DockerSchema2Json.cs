using System.Buffers;
using System.Globalization;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Formats;

/// <summary>
/// Writes Docker schema 2 manifests and manifest lists byte for byte as containers/image writes the ones it generates
/// or converts (Go's <c>encoding/json</c> over its schema 2 types): compact, members in Docker's order —
/// <c>mediaType, size, digest, urls</c> in a descriptor, <c>architecture, os, os.version, os.features, variant</c> in
/// a platform — empty optional members left out, and Go's string escaping. So an image containers/image and this library both
/// convert, or both generate from a docker archive or a schema 1 manifest, has one digest.
/// </summary>
internal static class DockerSchema2Json
{
    /// <summary>Writes an image manifest.</summary>
    public static Manifest CreateManifest(Descriptor config, IEnumerable<Descriptor> layers)
    {
        var output = new ArrayBufferWriter<byte>();
        GoJson.WriteAscii(output, $"{{\"schemaVersion\":2,\"mediaType\":\"{MediaTypes.DockerManifest}\",\"config\":");
        WriteDescriptor(output, config);
        GoJson.WriteAscii(output, ",\"layers\":[");
        var first = true;
        foreach (var layer in layers)
        {
            GoJson.WriteAscii(output, first ? string.Empty : ",");
            WriteDescriptor(output, layer);
            first = false;
        }

        GoJson.WriteAscii(output, "]}");
        return Manifest.Parse(output.WrittenMemory.ToArray(), MediaTypes.DockerManifest);
    }

    /// <summary>Writes a manifest list of <paramref name="manifests"/>, each with its platform when it has one.</summary>
    public static Manifest CreateManifestList(IEnumerable<Descriptor> manifests)
    {
        var output = new ArrayBufferWriter<byte>();
        GoJson.WriteAscii(output, $"{{\"schemaVersion\":2,\"mediaType\":\"{MediaTypes.DockerManifestList}\",\"manifests\":[");
        var first = true;
        foreach (var manifest in manifests)
        {
            GoJson.WriteAscii(output, first ? string.Empty : ",");
            WriteDescriptor(output, manifest, closed: false);
            if (manifest.Platform is { } platform)
            {
                GoJson.WriteAscii(output, ",\"platform\":{\"architecture\":");
                GoJson.WriteString(platform.Architecture, output);
                GoJson.WriteAscii(output, ",\"os\":");
                GoJson.WriteString(platform.OS, output);
                WriteOptional(output, "os.version", platform.OSVersion);
                WriteList(output, "os.features", platform.OSFeatures);
                WriteOptional(output, "variant", platform.Variant);
                GoJson.WriteAscii(output, "}");
            }

            GoJson.WriteAscii(output, "}");
            first = false;
        }

        GoJson.WriteAscii(output, "]}");
        return Manifest.Parse(output.WrittenMemory.ToArray(), MediaTypes.DockerManifestList);
    }

    private static void WriteDescriptor(ArrayBufferWriter<byte> output, Descriptor descriptor, bool closed = true)
    {
        GoJson.WriteAscii(output, "{\"mediaType\":");
        GoJson.WriteString(descriptor.MediaType, output);
        GoJson.WriteAscii(output, string.Create(CultureInfo.InvariantCulture, $",\"size\":{descriptor.Size},\"digest\":\"{descriptor.Digest}\""));
        WriteList(output, "urls", descriptor.Urls);
        if (closed)
        {
            GoJson.WriteAscii(output, "}");
        }
    }

    private static void WriteOptional(ArrayBufferWriter<byte> output, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            GoJson.WriteAscii(output, $",\"{name}\":");
            GoJson.WriteString(value, output);
        }
    }

    private static void WriteList(ArrayBufferWriter<byte> output, string name, IReadOnlyList<string>? values)
    {
        if (values is not { Count: > 0 })
        {
            return;
        }

        GoJson.WriteAscii(output, $",\"{name}\":[");
        for (var i = 0; i < values.Count; i++)
        {
            GoJson.WriteAscii(output, i == 0 ? string.Empty : ",");
            GoJson.WriteString(values[i], output);
        }

        GoJson.WriteAscii(output, "]");
    }
}
