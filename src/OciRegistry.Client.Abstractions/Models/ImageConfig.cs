using System.Text.Json;
using System.Text.Json.Serialization;
using OciRegistry.Client.Models.Serialization;

namespace OciRegistry.Client.Models;

/// <summary>
/// An image configuration (OCI <c>application/vnd.oci.image.config.v1+json</c> or Docker
/// <c>application/vnd.docker.container.image.v1+json</c>): what the image runs and how its layers stack.
/// </summary>
public sealed record ImageConfig
{
    /// <summary>Gets when the image was created.</summary>
    [JsonPropertyName("created")]
    public DateTimeOffset? Created { get; init; }

    /// <summary>Gets the image's author.</summary>
    [JsonPropertyName("author")]
    public string? Author { get; init; }

    /// <summary>Gets the CPU architecture.</summary>
    [JsonPropertyName("architecture")]
    public string? Architecture { get; init; }

    /// <summary>Gets the operating system.</summary>
    [JsonPropertyName("os")]
    public string? OS { get; init; }

    /// <summary>Gets the operating system version.</summary>
    [JsonPropertyName("os.version")]
    public string? OSVersion { get; init; }

    /// <summary>Gets the CPU variant.</summary>
    [JsonPropertyName("variant")]
    public string? Variant { get; init; }

    /// <summary>Gets the Docker version that built the image (Docker images only).</summary>
    [JsonPropertyName("docker_version")]
    public string? DockerVersion { get; init; }

    /// <summary>Gets the execution parameters for containers of this image.</summary>
    [JsonPropertyName("config")]
    public ContainerConfig? Config { get; init; }

    /// <summary>Gets the uncompressed layer digests.</summary>
    [JsonPropertyName("rootfs")]
    public RootFileSystem? RootFileSystem { get; init; }

    /// <summary>Gets the history of the layers, oldest first.</summary>
    [JsonPropertyName("history")]
    public IReadOnlyList<HistoryEntry>? History { get; init; }

    /// <summary>Parses an image configuration blob.</summary>
    /// <param name="content">The configuration's JSON bytes.</param>
    /// <returns>The parsed configuration.</returns>
    /// <exception cref="InvalidManifestException">The content is not a valid image configuration.</exception>
    public static ImageConfig Parse(ReadOnlySpan<byte> content)
    {
        try
        {
            return JsonSerializer.Deserialize(content, ModelJsonContext.Default.ImageConfig)
                ?? throw new InvalidManifestException("The image configuration is JSON null.");
        }
        catch (JsonException e)
        {
            throw new InvalidManifestException($"The image configuration is not valid JSON of the expected shape: {e.Message}", e);
        }
    }

    /// <summary>Serializes the configuration to compact JSON.</summary>
    /// <returns>The JSON bytes.</returns>
    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this, ModelJsonContext.Writer.ImageConfig);
}

/// <summary>The execution parameters of an image configuration (its <c>config</c> member).</summary>
public sealed record ContainerConfig
{
    /// <summary>Gets the user (and group) the process runs as.</summary>
    [JsonPropertyName("User")]
    public string? User { get; init; }

    /// <summary>Gets the exposed ports, such as <c>80/tcp</c>.</summary>
    [JsonPropertyName("ExposedPorts")]
    [JsonConverter(typeof(KeySetJsonConverter))]
    public IReadOnlyList<string>? ExposedPorts { get; init; }

    /// <summary>Gets the environment, as <c>NAME=value</c> entries.</summary>
    [JsonPropertyName("Env")]
    public IReadOnlyList<string>? Env { get; init; }

    /// <summary>Gets the entrypoint.</summary>
    [JsonPropertyName("Entrypoint")]
    public IReadOnlyList<string>? Entrypoint { get; init; }

    /// <summary>Gets the default command (or the entrypoint's default arguments).</summary>
    [JsonPropertyName("Cmd")]
    public IReadOnlyList<string>? Cmd { get; init; }

    /// <summary>Gets the volume mount points.</summary>
    [JsonPropertyName("Volumes")]
    [JsonConverter(typeof(KeySetJsonConverter))]
    public IReadOnlyList<string>? Volumes { get; init; }

    /// <summary>Gets the working directory.</summary>
    [JsonPropertyName("WorkingDir")]
    public string? WorkingDir { get; init; }

    /// <summary>Gets the labels.</summary>
    [JsonPropertyName("Labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Gets the signal that stops the container.</summary>
    [JsonPropertyName("StopSignal")]
    public string? StopSignal { get; init; }
}

/// <summary>The <c>rootfs</c> member of an image configuration.</summary>
public sealed record RootFileSystem
{
    /// <summary>Gets the type; always <c>layers</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = "layers";

    /// <summary>Gets the digests of the uncompressed layers, base layer first.</summary>
    [JsonPropertyName("diff_ids")]
    public IReadOnlyList<Digest> DiffIds { get; init; } = [];
}

/// <summary>One entry of an image configuration's <c>history</c>.</summary>
public sealed record HistoryEntry
{
    /// <summary>Gets when the layer was created.</summary>
    [JsonPropertyName("created")]
    public DateTimeOffset? Created { get; init; }

    /// <summary>Gets the command that created the layer.</summary>
    [JsonPropertyName("created_by")]
    public string? CreatedBy { get; init; }

    /// <summary>Gets the author of the layer.</summary>
    [JsonPropertyName("author")]
    public string? Author { get; init; }

    /// <summary>Gets a comment.</summary>
    [JsonPropertyName("comment")]
    public string? Comment { get; init; }

    /// <summary>Gets a value indicating whether this history entry produced no layer.</summary>
    [JsonPropertyName("empty_layer")]
    public bool? EmptyLayer { get; init; }
}
