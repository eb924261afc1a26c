using System.Text.Json.Serialization;

namespace OciRegistry.Client.Models;

/// <summary>
/// An index of manifests: an OCI image index or a Docker manifest list, which share this shape. Parsed indexes come
/// wrapped in a <see cref="Manifest"/> that keeps their exact bytes.
/// </summary>
public sealed record ImageIndex
{
    /// <summary>Gets the schema version; always 2.</summary>
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = 2;

    /// <summary>Gets the index's media type (required for Docker, optional but recommended for OCI).</summary>
    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    /// <summary>Gets the artifact type, for indexes that describe an artifact.</summary>
    [JsonPropertyName("artifactType")]
    public string? ArtifactType { get; init; }

    /// <summary>Gets the manifests the index lists, each usually with its platform.</summary>
    [JsonPropertyName("manifests")]
    public required IReadOnlyList<Descriptor> Manifests { get; init; }

    /// <summary>Gets the manifest this one refers to (referrers API), if any.</summary>
    [JsonPropertyName("subject")]
    public Descriptor? Subject { get; init; }

    /// <summary>Gets the index's annotations.</summary>
    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}
