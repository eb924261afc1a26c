using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OciRegistry.Client.TestSupport.Loopback;

namespace OciRegistry.Client.TestSupport.Referrers;

/// <summary>
/// A registry with the OCI 1.1 referrers API, in process on a loopback port (Distribution 2.8, the registry the other
/// tests use, has none): blob uploads as the distribution spec defines them (POST then PUT, POST then PATCHes, chunked
/// with <c>Content-Range</c> or streamed, then PUT <c>?digest=</c>; one POST <c>?digest=</c>; cross-repository mounts;
/// session status and cancel), manifests by tag and digest (answering a push whose manifest has a
/// <c>subject</c> with <c>OCI-Subject</c>), and <c>GET /v2/NAME/referrers/DIGEST</c> with <c>artifactType</c>
/// filtering (<c>OCI-Filters-Applied</c>) and pages of <see cref="PageSize"/> entries linked by <c>Link</c>.
/// One repository namespace, plain HTTP.
/// </summary>
public sealed class ReferrersApiRegistry : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (byte[] Content, string MediaType)> _manifests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, UploadSession> _uploads = new(StringComparer.Ordinal);
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

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>Upload sessions opened and neither completed nor cancelled.</summary>
    public int OpenUploads => _uploads.Count;

    /// <summary>Whether a blob is stored under this digest in the repository.</summary>
    public bool HasBlob(string repository, string digest) => _blobs.ContainsKey(Key(repository, digest));

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
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method))
        {
            await OpenUploadAsync(context, repository).ConfigureAwait(false);
            return;
        }

        if (!_uploads.TryGetValue(session, out var upload) || upload.Repository != repository)
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry").ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsGet(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            SessionHeaders(context, repository, session, upload.Length);
            return;
        }

        if (HttpMethods.IsDelete(request.Method))
        {
            _uploads.TryRemove(session, out _);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        var content = await ReadBodyAsync(context).ConfigureAwait(false);
        if (HttpMethods.IsPatch(request.Method))
        {
            // A chunk names its first byte in Content-Range and must start where the session ends (416 otherwise); a
            // streamed PATCH has no Content-Range and appends whatever it carries.
            if (request.Headers["Content-Range"].ToString() is { Length: > 0 } range)
            {
                var dash = range.IndexOf('-', StringComparison.Ordinal);
                if (dash <= 0 || !long.TryParse(range[..dash], out var first) || !long.TryParse(range[(dash + 1)..], out var last)
                    || first != upload.Length || last - first + 1 != content.Length)
                {
                    context.Response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                    SessionHeaders(context, repository, session, upload.Length);
                    return;
                }
            }

            upload.Append(content);
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            SessionHeaders(context, repository, session, upload.Length);
            return;
        }

        if (!HttpMethods.IsPut(request.Method) || request.Query["digest"].ToString() is not { Length: > 0 } digest)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "UNSUPPORTED", "an upload is completed with PUT ?digest=").ConfigureAwait(false);
            return;
        }

        upload.Append(content);
        _uploads.TryRemove(session, out _);
        await StoreBlobAsync(context, repository, digest, upload.ToArray()).ConfigureAwait(false);
    }

    // POST ?digest= with the body is a whole upload in one request; POST ?mount=&from= mounts a blob of another
    // repository when it is there; any other POST (and a mount of an unknown blob) opens a session.
    private async Task OpenUploadAsync(HttpContext context, string repository)
    {
        var query = context.Request.Query;
        if (query["digest"].ToString() is { Length: > 0 } digest)
        {
            await StoreBlobAsync(context, repository, digest, await ReadBodyAsync(context).ConfigureAwait(false)).ConfigureAwait(false);
            return;
        }

        if (query["mount"].ToString() is { Length: > 0 } mount && query["from"].ToString() is { Length: > 0 } from
            && _blobs.TryGetValue(Key(from, mount), out var mounted))
        {
            _blobs[Key(repository, mount)] = mounted;
            context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.Headers.Location = $"/v2/{repository}/blobs/{mount}";
            context.Response.Headers["Docker-Content-Digest"] = mount;
            return;
        }

        var session = Guid.NewGuid().ToString("N");
        _uploads[session] = new UploadSession(repository);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        SessionHeaders(context, repository, session, 0);
    }

    private async Task StoreBlobAsync(HttpContext context, string repository, string digest, byte[] content)
    {
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

    // The session's Location and, once it holds bytes, the inclusive Range of them; an empty session has no Range,
    // since "0-0" would claim one byte.
    private static void SessionHeaders(HttpContext context, string repository, string session, long length)
    {
        context.Response.Headers.Location = $"/v2/{repository}/blobs/uploads/{session}";
        context.Response.Headers["Docker-Upload-UUID"] = session;
        if (length > 0)
        {
            context.Response.Headers.Range = $"0-{length - 1}";
        }
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

    // The bytes of one upload session so far; PATCHes of one session arrive one after another.
    private sealed class UploadSession(string repository)
    {
        private readonly MemoryStream _bytes = new();

        public string Repository { get; } = repository;

        public long Length
        {
            get
            {
                lock (_bytes)
                {
                    return _bytes.Length;
                }
            }
        }

        public void Append(byte[] content)
        {
            lock (_bytes)
            {
                _bytes.Write(content);
            }
        }

        public byte[] ToArray()
        {
            lock (_bytes)
            {
                return _bytes.ToArray();
            }
        }
    }
}
