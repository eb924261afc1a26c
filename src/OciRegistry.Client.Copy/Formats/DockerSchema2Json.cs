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
        GoJsonWriter.WriteAscii(output, $"{{\"schemaVersion\":2,\"mediaType\":\"{MediaTypes.DockerManifest}\",\"config\":");
        WriteDescriptor(output, config);
        GoJsonWriter.WriteAscii(output, ",\"layers\":[");
        var first = true;
        foreach (var layer in layers)
        {
            GoJsonWriter.WriteAscii(output, first ? string.Empty : ",");
            WriteDescriptor(output, layer);
            first = false;
        }

        GoJsonWriter.WriteAscii(output, "]}");
        return Manifest.Parse(output.WrittenMemory.ToArray(), MediaTypes.DockerManifest);
    }

    /// <summary>Writes a manifest list of <paramref name="manifests"/>, each with its platform when it has one.</summary>
    public static Manifest CreateManifestList(IEnumerable<Descriptor> manifests)
    {
        var output = new ArrayBufferWriter<byte>();
        GoJsonWriter.WriteAscii(output, $"{{\"schemaVersion\":2,\"mediaType\":\"{MediaTypes.DockerManifestList}\",\"manifests\":[");
        var first = true;
        foreach (var manifest in manifests)
        {
            GoJsonWriter.WriteAscii(output, first ? string.Empty : ",");
            WriteDescriptor(output, manifest, closed: false);
            if (manifest.Platform is { } platform)
            {
                GoJsonWriter.WriteAscii(output, ",\"platform\":{\"architecture\":");
                GoJsonWriter.WriteString(platform.Architecture, output);
                GoJsonWriter.WriteAscii(output, ",\"os\":");
                GoJsonWriter.WriteString(platform.OS, output);
                WriteOptional(output, "os.version", platform.OSVersion);
                WriteList(output, "os.features", platform.OSFeatures);
                WriteOptional(output, "variant", platform.Variant);
                GoJsonWriter.WriteAscii(output, "}");
            }

            GoJsonWriter.WriteAscii(output, "}");
            first = false;
        }

        GoJsonWriter.WriteAscii(output, "]}");
        return Manifest.Parse(output.WrittenMemory.ToArray(), MediaTypes.DockerManifestList);
    }

    private static void WriteDescriptor(ArrayBufferWriter<byte> output, Descriptor descriptor, bool closed = true)
    {
        GoJsonWriter.WriteAscii(output, "{\"mediaType\":");
        GoJsonWriter.WriteString(descriptor.MediaType, output);
        GoJsonWriter.WriteAscii(output, string.Create(CultureInfo.InvariantCulture, $",\"size\":{descriptor.Size},\"digest\":\"{descriptor.Digest}\""));
        WriteList(output, "urls", descriptor.Urls);
        if (closed)
        {
            GoJsonWriter.WriteAscii(output, "}");
        }
    }

    private static void WriteOptional(ArrayBufferWriter<byte> output, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            GoJsonWriter.WriteAscii(output, $",\"{name}\":");
            GoJsonWriter.WriteString(value, output);
        }
    }

    private static void WriteList(ArrayBufferWriter<byte> output, string name, IReadOnlyList<string>? values)
    {
        if (values is not { Count: > 0 })
        {
            return;
        }

        GoJsonWriter.WriteAscii(output, $",\"{name}\":[");
        for (var i = 0; i < values.Count; i++)
        {
            GoJsonWriter.WriteAscii(output, i == 0 ? string.Empty : ",");
            GoJsonWriter.WriteString(values[i], output);
        }

        GoJsonWriter.WriteAscii(output, "]");
    }
}
