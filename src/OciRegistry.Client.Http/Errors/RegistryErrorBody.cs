using System.Text.Json;
using System.Text.Json.Serialization;

namespace OciRegistry.Client.Http.Errors;

/// <summary>The distribution spec's error body: <c>{"errors":[{"code":…,"message":…,"detail":…}]}</c>.</summary>
internal sealed class RegistryErrorBody
{
    [JsonPropertyName("errors")]
    public List<RegistryErrorEntry>? Errors { get; set; }
}

internal sealed class RegistryErrorEntry
{
    [JsonPropertyName("code")]
    public string? Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("detail")]
    public JsonElement? Detail { get; set; }
}
