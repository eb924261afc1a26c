using System.Text.Json.Serialization;

namespace OciRegistry.Client.Models.Serialization;

/// <summary>
/// Every top-level member a manifest of any supported kind may have, so that one deserialization pass serves to
/// classify and to build the model.
/// </summary>
internal sealed class ManifestDocument
{
    [JsonPropertyName("schemaVersion")]
    public int? SchemaVersion { get; set; }

    [JsonPropertyName("mediaType")]
    public string? MediaType { get; set; }

    [JsonPropertyName("artifactType")]
    public string? ArtifactType { get; set; }

    [JsonPropertyName("config")]
    public Descriptor? Config { get; set; }

    [JsonPropertyName("layers")]
    public List<Descriptor>? Layers { get; set; }

    [JsonPropertyName("manifests")]
    public List<Descriptor>? Manifests { get; set; }

    [JsonPropertyName("subject")]
    public Descriptor? Subject { get; set; }

    [JsonPropertyName("annotations")]
    public Dictionary<string, string>? Annotations { get; set; }

    // Schema 1 members, only to recognise the format.
    [JsonPropertyName("fsLayers")]
    public System.Text.Json.JsonElement? FsLayers { get; set; }
}
