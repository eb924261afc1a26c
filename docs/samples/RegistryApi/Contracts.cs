using System.Text.Json;
using System.Text.Json.Serialization;

namespace RegistryApi;

/// <summary>The body of <c>POST /copies</c>.</summary>
/// <param name="Source">The image to read, for example <c>localhost:5000/app:1.0</c>.</param>
/// <param name="Destination">Where to write it.</param>
public sealed record CopyRequest(string Source, string Destination);

/// <summary>Where a copy stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CopyState>))]
public enum CopyState
{
    /// <summary>Waiting for the copies before it.</summary>
    Queued,

    /// <summary>Copying.</summary>
    Running,

    /// <summary>Done; <see cref="CopyJob.Digest"/> is the manifest written.</summary>
    Succeeded,

    /// <summary>Failed; <see cref="CopyJob.Error"/> says why.</summary>
    Failed,
}

/// <summary>A copy's status, as <c>GET /copies/{id}</c> returns it.</summary>
/// <param name="Id">The job's id.</param>
/// <param name="Source">The image read.</param>
/// <param name="Destination">Where it is written.</param>
/// <param name="State">Where it stands.</param>
/// <param name="Digest">The digest of the manifest written, once succeeded.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="BytesTransferred">Blob bytes copied.</param>
public sealed record CopyJob(string Id, string Source, string Destination, CopyState State, string? Digest, string? Error, long BytesTransferred);

/// <summary>An image's manifest, as <c>GET /inspect</c> returns it.</summary>
/// <param name="Reference">The reference inspected.</param>
/// <param name="Digest">The manifest's digest.</param>
/// <param name="MediaType">The manifest's media type.</param>
/// <param name="Size">The manifest's size in bytes.</param>
/// <param name="Layers">An image's layers.</param>
/// <param name="Manifests">An index's instances.</param>
public sealed record InspectResult(string Reference, string Digest, string MediaType, long Size, IReadOnlyList<LayerInfo>? Layers, IReadOnlyList<InstanceInfo>? Manifests);

/// <summary>One layer of an image.</summary>
/// <param name="Digest">Its digest.</param>
/// <param name="MediaType">Its media type.</param>
/// <param name="Size">Its size in bytes.</param>
public sealed record LayerInfo(string Digest, string MediaType, long Size);

/// <summary>One instance of an index.</summary>
/// <param name="Digest">Its digest.</param>
/// <param name="MediaType">Its media type.</param>
/// <param name="Platform">Its platform, when listed.</param>
public sealed record InstanceInfo(string Digest, string MediaType, string? Platform);

/// <summary>A repository's tags, as <c>GET /tags</c> returns them.</summary>
/// <param name="Repository">The repository.</param>
/// <param name="Tags">Its tags.</param>
public sealed record TagList(string Repository, IReadOnlyList<string> Tags);

/// <summary>Why a request was refused.</summary>
/// <param name="Error">The reason.</param>
public sealed record ApiError(string Error);

/// <summary>The source-generated JSON contract of the API (no reflection: the app can be trimmed).</summary>
[JsonSerializable(typeof(CopyRequest))]
[JsonSerializable(typeof(CopyJob))]
[JsonSerializable(typeof(InspectResult))]
[JsonSerializable(typeof(TagList))]
[JsonSerializable(typeof(ApiError))]
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
