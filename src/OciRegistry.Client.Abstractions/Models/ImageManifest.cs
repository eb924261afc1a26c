using System.Text.Json.Serialization;

namespace OciRegistry.Client.Models;

/// <summary>
/// An image manifest: an OCI image manifest or a Docker schema 2 manifest, which share this shape. Parsed manifests
/// come wrapped in a <see cref="Manifest"/> that keeps their exact bytes.
/// </summary>
public sealed record ImageManifest
{
    /// <summary>Gets the schema version; always 2.</summary>
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = 2;

    /// <summary>Gets the manifest's media type (required for Docker, optional but recommended for OCI).</summary>
    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    /// <summary>Gets the artifact type, for manifests that describe an artifact rather than an image.</summary>
    [JsonPropertyName("artifactType")]
    public string? ArtifactType { get; init; }

    /// <summary>Gets the descriptor of the image configuration.</summary>
    [JsonPropertyName("config")]
    public required Descriptor Config { get; init; }

    /// <summary>Gets the layers, base layer first.</summary>
    [JsonPropertyName("layers")]
    public required IReadOnlyList<Descriptor> Layers { get; init; }

    /// <summary>Gets the manifest this one refers to (referrers API), if any.</summary>
    [JsonPropertyName("subject")]
    public Descriptor? Subject { get; init; }

    /// <summary>Gets the manifest's annotations.</summary>
    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}
