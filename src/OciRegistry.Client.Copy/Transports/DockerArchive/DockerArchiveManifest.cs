using System.Text.Json;

namespace OciRegistry.Client.Copy.Transports;

/// <summary>One item of a docker archive's <c>manifest.json</c>: the config file, the tags and the layer files.</summary>
/// <param name="Config">The config file's name inside the archive.</param>
/// <param name="RepoTags">The image's tags, as <c>name:tag</c> references.</param>
/// <param name="Layers">The layer files' names, base layer first.</param>
internal sealed record DockerArchiveItem(string Config, IReadOnlyList<string> RepoTags, IReadOnlyList<string> Layers);

/// <summary>Reads and writes <c>manifest.json</c>, the table of contents of <c>docker save</c> archives.</summary>
internal static class DockerArchiveManifest
{
    public const string FileName = "manifest.json";

    public static IReadOnlyList<DockerArchiveItem> Parse(string archive, ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidImageLayoutException($"The manifest.json of \"{archive}\" is not a JSON array.");
            }

            var items = new List<DockerArchiveItem>();
            foreach (var element in document.RootElement.EnumerateArray())
            {
                var position = items.Count;
                if (element.ValueKind != JsonValueKind.Object
                    || !element.TryGetProperty("Config", out var config) || config.ValueKind != JsonValueKind.String)
                {
                    throw new InvalidImageLayoutException($"Item @{position} of the manifest.json of \"{archive}\" has no \"Config\" string.");
                }

                items.Add(new DockerArchiveItem(config.GetString()!, Strings(element, "RepoTags", archive, position), Strings(element, "Layers", archive, position)));
            }

            return items;
        }
        catch (JsonException e)
        {
            throw new InvalidImageLayoutException($"The manifest.json of \"{archive}\" is not valid JSON: {e.Message}", e);
        }
    }

    public static byte[] Serialize(IEnumerable<DockerArchiveItem> items)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                writer.WriteStartObject();
                writer.WriteString("Config", item.Config);
                writer.WriteStartArray("RepoTags");
                foreach (var tag in item.RepoTags)
                {
                    writer.WriteStringValue(tag);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("Layers");
                foreach (var layer in item.Layers)
                {
                    writer.WriteStringValue(layer);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return buffer.ToArray();
    }

    private static List<string> Strings(JsonElement element, string property, string archive, int position)
    {
        if (!element.TryGetProperty(property, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (array.ValueKind != JsonValueKind.Array || array.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw new InvalidImageLayoutException($"\"{property}\" of item @{position} of the manifest.json of \"{archive}\" is not an array of strings.");
        }

        return [.. array.EnumerateArray().Select(e => e.GetString()!)];
    }
}
