using System.Text.Json.Serialization;
using OciRegistry.Client.Http.Errors;

namespace OciRegistry.Client.Http.Serialization;

/// <summary>Source-generated (AOT-safe) JSON metadata for the registry API's own documents.</summary>
[JsonSerializable(typeof(RegistryErrorBody))]
[JsonSerializable(typeof(TagList))]
[JsonSerializable(typeof(CatalogPage))]
internal sealed partial class HttpJsonContext : JsonSerializerContext
{
}

/// <summary>The body of <c>GET /v2/&lt;name&gt;/tags/list</c>.</summary>
internal sealed class TagList
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("tags")]
    public List<string>? Tags { get; set; }
}

/// <summary>The body of <c>GET /v2/_catalog</c>.</summary>
internal sealed class CatalogPage
{
    [JsonPropertyName("repositories")]
    public List<string>? Repositories { get; set; }
}
