using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OciRegistry.Client.TestSupport.Loopback;

namespace OciRegistry.Client.TestSupport.Referrers;

/// <summary>
/// A registry with the OCI 1.1 referrers API, in process on a loopback port (Distribution 2.8, the registry the other
/// tests use, has none): monolithic blob uploads, manifests by tag and digest (answering a push whose manifest has a
/// <c>subject</c> with <c>OCI-Subject</c>), and <c>GET /v2/NAME/referrers/DIGEST</c> with <c>artifactType</c>
/// filtering (<c>OCI-Filters-Applied</c>) and pages of <see cref="PageSize"/> entries linked by <c>Link</c>.
/// One repository namespace, plain HTTP.
/// </summary>
public sealed class ReferrersApiRegistry : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (byte[] Content, string MediaType)> _manifests = new(StringComparer.Ordinal);
    private readonly LoopbackHttpServer _server;

    private ReferrersApiRegistry(LoopbackHttpServer server, int pageSize)
    {
        _server = server;
        PageSize = pageSize;
    }

    /// <summary>Referrers per page of the API.</summary>
    public int PageSize { get; }

    /// <summary><c>127.0.0.1:PORT</c>.</summary>
    public string Host => _server.Host;

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<ReceivedRequest> Received => _server.Received;

    /// <summary>Whether a manifest is stored under this tag or digest in the repository.</summary>
    public bool HasManifest(string repository, string reference) => _manifests.ContainsKey(Key(repository, reference));

    public static async Task<ReferrersApiRegistry> StartAsync(int pageSize = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ReferrersApiRegistry? registry = null;
        var server = await LoopbackHttpServer.StartAsync(context => registry!.HandleAsync(context), cancellationToken).ConfigureAwait(false);
        registry = new ReferrersApiRegistry(server, pageSize);
        return registry;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static string Key(string repository, string reference) => $"{repository}@{reference}";

    private static string DigestOf(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (path == "/v2/" || path == "/v2")
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        if (!path.StartsWith("/v2/", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var rest = path[4..];
        foreach (var (marker, handle) in new (string, Func<HttpContext, string, string, Task>)[]
        {
            ("/blobs/uploads/", UploadAsync),
            ("/blobs/", BlobAsync),
            ("/manifests/", ManifestAsync),
            ("/referrers/", ReferrersAsync),
        })
        {
            var at = rest.LastIndexOf(marker, StringComparison.Ordinal);
            if (at > 0)
            {
                await handle(context, rest[..at], rest[(at + marker.Length)..]).ConfigureAwait(false);
                return;
            }
        }

        await ErrorAsync(context, StatusCodes.Status404NotFound, "NAME_UNKNOWN", "repository name not known to registry").ConfigureAwait(false);
    }

    private async Task UploadAsync(HttpContext context, string repository, string session)
    {
        if (HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            context.Response.Headers.Location = $"/v2/{repository}/blobs/uploads/{Guid.NewGuid():N}";
            return;
        }

        if (!HttpMethods.IsPut(context.Request.Method) || context.Request.Query["digest"].ToString() is not { Length: > 0 } digest)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "UNSUPPORTED", $"only monolithic uploads ({session})").ConfigureAwait(false);
            return;
        }

        var content = await ReadBodyAsync(context).ConfigureAwait(false);
        if (DigestOf(content) != digest)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "DIGEST_INVALID", "provided digest did not match uploaded content").ConfigureAwait(false);
            return;
        }

        _blobs[Key(repository, digest)] = content;
        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.Headers.Location = $"/v2/{repository}/blobs/{digest}";
        context.Response.Headers["Docker-Content-Digest"] = digest;
    }

    private async Task BlobAsync(HttpContext context, string repository, string digest)
    {
        if (!_blobs.TryGetValue(Key(repository, digest), out var content))
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, "BLOB_UNKNOWN", "blob unknown to registry").ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = content.Length;
        context.Response.Headers["Docker-Content-Digest"] = digest;
        if (HttpMethods.IsGet(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(content).ConfigureAwait(false);
        }
    }

    private async Task ManifestAsync(HttpContext context, string repository, string reference)
    {
        if (HttpMethods.IsPut(context.Request.Method))
        {
            var content = await ReadBodyAsync(context).ConfigureAwait(false);
            var mediaType = context.Request.ContentType ?? "application/vnd.oci.image.manifest.v1+json";
            var digest = DigestOf(content);
            _manifests[Key(repository, digest)] = (content, mediaType);
            _manifests[Key(repository, reference)] = (content, mediaType);
            context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.Headers["Docker-Content-Digest"] = digest;
            context.Response.Headers.Location = $"/v2/{repository}/manifests/{digest}";
            if (JsonNode.Parse(content)?["subject"]?["digest"]?.GetValue<string>() is { } subject)
            {
                context.Response.Headers["OCI-Subject"] = subject;
            }

            return;
        }

        if (!_manifests.TryGetValue(Key(repository, reference), out var manifest))
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, "MANIFEST_UNKNOWN", "manifest unknown").ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = manifest.MediaType;
        context.Response.ContentLength = manifest.Content.Length;
        context.Response.Headers["Docker-Content-Digest"] = DigestOf(manifest.Content);
        if (HttpMethods.IsGet(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(manifest.Content).ConfigureAwait(false);
        }
    }

    private async Task ReferrersAsync(HttpContext context, string repository, string subject)
    {
        var artifactType = context.Request.Query["artifactType"].ToString();
        var referrers = new List<JsonObject>();
        foreach (var (key, manifest) in _manifests.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var digest = DigestOf(manifest.Content);
            if (key != Key(repository, digest) || JsonNode.Parse(manifest.Content) is not JsonObject body
                || body["subject"]?["digest"]?.GetValue<string>() != subject)
            {
                continue;
            }

            var type = body["artifactType"]?.GetValue<string>() ?? body["config"]?["mediaType"]?.GetValue<string>();
            if (artifactType.Length > 0 && type != artifactType)
            {
                continue;
            }

            var entry = new JsonObject { ["mediaType"] = manifest.MediaType, ["digest"] = digest, ["size"] = manifest.Content.Length };
            if (type is not null)
            {
                entry["artifactType"] = type;
            }

            if (body["annotations"] is JsonObject annotations)
            {
                entry["annotations"] = annotations.DeepClone();
            }

            referrers.Add(entry);
        }

        var start = int.TryParse(context.Request.Query["page"], out var page) ? page * PageSize : 0;
        var pageEntries = referrers.Skip(start).Take(PageSize).Select(e => (JsonNode)e).ToArray();
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.index.v1+json",
            ["manifests"] = new JsonArray(pageEntries),
        };
        if (artifactType.Length > 0)
        {
            context.Response.Headers["OCI-Filters-Applied"] = "artifactType";
        }

        if (start + PageSize < referrers.Count)
        {
            var next = $"/v2/{repository}/referrers/{subject}?page={(start / PageSize) + 1}";
            if (artifactType.Length > 0)
            {
                next += "&artifactType=" + Uri.EscapeDataString(artifactType);
            }

            context.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/vnd.oci.image.index.v1+json";
        await context.Response.WriteAsync(index.ToJsonString()).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new { errors = new[] { new { code, message } } }));
    }
}
