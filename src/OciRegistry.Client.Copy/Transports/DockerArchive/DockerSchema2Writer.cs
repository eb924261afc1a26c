using System.Text.Json;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// Builds the Docker schema 2 manifest that stands for an image of a docker archive, byte for byte as
/// containers/image does (member order <c>mediaType, size, digest</c> in descriptors), so the digest matches
/// what skopeo reports for the same archive.
/// </summary>
internal static class DockerSchema2Writer
{
    public static Manifest Create(Descriptor config, IEnumerable<Descriptor> layers)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", 2);
            writer.WriteString("mediaType", MediaTypes.DockerManifest);
            writer.WritePropertyName("config");
            Write(writer, config);
            writer.WriteStartArray("layers");
            foreach (var layer in layers)
            {
                Write(writer, layer);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Manifest.Parse(buffer.ToArray(), MediaTypes.DockerManifest);
    }

    private static void Write(Utf8JsonWriter writer, Descriptor descriptor)
    {
        writer.WriteStartObject();
        writer.WriteString("mediaType", descriptor.MediaType);
        writer.WriteNumber("size", descriptor.Size);
        writer.WriteString("digest", descriptor.Digest.ToString());
        writer.WriteEndObject();
    }
}
