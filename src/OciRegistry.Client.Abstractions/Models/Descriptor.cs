using System.Text.Json.Serialization;

namespace OciRegistry.Client.Models;

/// <summary>
/// An OCI content descriptor: what a piece of content is (<see cref="MediaType"/>), its <see cref="Digest"/> and
/// its <see cref="Size"/>, plus optional URLs, annotations, embedded data, artifact type and platform.
/// </summary>
public sealed record Descriptor
{
    /// <summary>The digest and size of the OCI empty JSON blob <c>{}</c>.</summary>
    public static Descriptor Empty { get; } = new()
    {
        MediaType = MediaTypes.OciEmpty,
        Digest = Digest.Parse("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"),
        Size = 2,
        Data = "{}"u8.ToArray(),
    };

    /// <summary>Gets the media type of the referenced content.</summary>
    [JsonPropertyName("mediaType")]
    public required string MediaType { get; init; }

    /// <summary>Gets the digest of the referenced content.</summary>
    [JsonPropertyName("digest")]
    public required Digest Digest { get; init; }

    /// <summary>Gets the size of the referenced content in bytes (a <see langword="long"/>: layers pass 2 GiB).</summary>
    [JsonPropertyName("size")]
    public required long Size { get; init; }

    /// <summary>Gets the URLs the content may also be fetched from (foreign and non-distributable layers).</summary>
    [JsonPropertyName("urls")]
    public IReadOnlyList<string>? Urls { get; init; }

    /// <summary>Gets the descriptor's annotations.</summary>
    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>Gets the content itself, embedded in the descriptor (base64 on the wire).</summary>
    [JsonPropertyName("data")]
    public ReadOnlyMemory<byte>? Data { get; init; }

    /// <summary>Gets the platform an index entry is for.</summary>
    [JsonPropertyName("platform")]
    public Platform? Platform { get; init; }

    /// <summary>Gets the artifact type of the referenced manifest, if it is an artifact.</summary>
    [JsonPropertyName("artifactType")]
    public string? ArtifactType { get; init; }

    /// <summary>Describes a block of content by hashing it.</summary>
    /// <param name="mediaType">The content's media type.</param>
    /// <param name="content">The content.</param>
    /// <returns>A descriptor with the content's sha256 digest and size.</returns>
    public static Descriptor FromContent(string mediaType, ReadOnlySpan<byte> content)
    {
        ArgumentException.ThrowIfNullOrEmpty(mediaType);
        return new Descriptor { MediaType = mediaType, Digest = Digest.Compute(content), Size = content.Length };
    }
}
