using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace OciRegistry.Client.Benchmarks.SyncScale;

/// <summary>
/// The distribution API served from memory to the registry client's pipeline in place of its sockets, so a sync of
/// tens of thousands of images measures the sync, not a registry. Two hosts: the source (<see cref="SourceHost"/>),
/// whose images are generated on demand from their repository and tag (two shared base layers, a layer and a config
/// of their own), and the destination (<see cref="DestinationHost"/>), which keeps what it is sent as digests and
/// sizes only. Blob bodies are drained, not stored. The stores grow with the run size; the measurement reports the
/// heap they take before the sync starts so that it can be told apart from the sync's own.
/// </summary>
internal sealed class SimulatedRegistry
{
    public const string SourceHost = "source.test";
    public const string DestinationHost = "mirror.test";
    private const string ManifestType = "application/vnd.oci.image.manifest.v1+json";
    private const string ConfigType = "application/vnd.oci.image.config.v1+json";
    private const string LayerType = "application/vnd.oci.image.layer.v1.tar+gzip";
    private const int BaseSize = 4096;
    private const int LayerSize = 512;

    private readonly int _repositories;
    private readonly int _tags;
    private readonly byte[][] _bases;
    private readonly string[] _baseDescriptors;

    // Source digest -> what it is: (repository << 20 | tag) << 2 | kind; kind 0 manifest, 1 config, 2 layer, 3 base.
    private readonly Dictionary<Hash, long> _sourceDigests = [];
    private readonly Lock _lock = new();
    private readonly HashSet<Hash> _destinationBlobs = [];
    private readonly Dictionary<string, (Hash Digest, int Size)> _destinationTags = new(StringComparer.Ordinal);
    private readonly Dictionary<Hash, int> _destinationManifests = [];
    private long _requests;

    public SimulatedRegistry(int repositories, int tags)
    {
        _repositories = repositories;
        _tags = tags;
        _bases = [Random(BaseSize, 1), Random(BaseSize, 2)];
        _baseDescriptors = new string[_bases.Length];
        for (var b = 0; b < _bases.Length; b++)
        {
            var hash = Hash.Of(_bases[b]);
            _sourceDigests[hash] = (b << 2) | 3;
            _baseDescriptors[b] = Descriptor(LayerType, hash, _bases[b].Length);
        }

        for (var r = 0; r < repositories; r++)
        {
            for (var t = 0; t < tags; t++)
            {
                var id = ((long)r << 20) | (uint)t;
                _sourceDigests[Hash.Of(Config(r, t))] = (id << 2) | 1;
                _sourceDigests[Hash.Of(Layer(r, t))] = (id << 2) | 2;
                _sourceDigests[Hash.Of(Manifest(r, t))] = id << 2;
            }
        }
    }

    public long Requests => Interlocked.Read(ref _requests);

    public int DestinationManifests
    {
        get
        {
            lock (_lock)
            {
                return _destinationTags.Count;
            }
        }
    }

    public static string RepositoryName(int r) => string.Create(CultureInfo.InvariantCulture, $"fleet/app{r:D3}");

    public HttpMessageHandler CreateHandler() => new Handler(this);

    private static string TagName(int t) => string.Create(CultureInfo.InvariantCulture, $"v{t}");

    private static byte[] Config(int r, int t) => Encoding.UTF8.GetBytes(string.Create(
        CultureInfo.InvariantCulture,
        $$$"""{"architecture":"amd64","os":"linux","config":{"Labels":{"image":"{{{r}}}/{{{t}}}"}},"rootfs":{"type":"layers","diff_ids":[]}}"""));

    private static byte[] Layer(int r, int t) => Random(LayerSize, (r * 1_000_003) + t + 17);

    private byte[] Manifest(int r, int t)
    {
        var config = Config(r, t);
        var layer = Layer(r, t);
        return Encoding.UTF8.GetBytes(
            $$"""{"schemaVersion":2,"mediaType":"{{ManifestType}}","config":{{Descriptor(ConfigType, Hash.Of(config), config.Length)}},"layers":[{{_baseDescriptors[0]}},{{_baseDescriptors[1]}},{{Descriptor(LayerType, Hash.Of(layer), layer.Length)}}]}""");
    }

    private static string Descriptor(string mediaType, Hash digest, int size) =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"mediaType":"{{mediaType}}","digest":"{{digest}}","size":{{size}}}""");

    private static byte[] Random(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private byte[]? SourceContent(Hash digest, out string mediaType)
    {
        mediaType = LayerType;
        if (!_sourceDigests.TryGetValue(digest, out var what))
        {
            return null;
        }

        var id = what >> 2;
        var (r, t) = ((int)(id >> 20), (int)(id & 0xFFFFF));
        switch (what & 3)
        {
            case 0: mediaType = ManifestType; return Manifest(r, t);
            case 1: mediaType = ConfigType; return Config(r, t);
            case 2: return Layer(r, t);
            default: return _bases[(int)id];
        }
    }

    private bool TryParseRepository(string name, out int r)
    {
        r = -1;
        return name.StartsWith("fleet/app", StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(9), NumberStyles.None, CultureInfo.InvariantCulture, out r) && r < _repositories;
    }

    private bool TryParseTag(string reference, out int t)
    {
        t = -1;
        return reference.Length > 1 && reference[0] == 'v'
            && int.TryParse(reference.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out t) && t < _tags;
    }

    private async Task<HttpResponseMessage> ServeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        var uri = request.RequestUri!;
        var path = uri.AbsolutePath;
        if (path is "/v2/" or "/v2")
        {
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
        }

        var source = uri.Host == SourceHost;
        var (repository, kind, rest) = Split(path);
        if (repository is null)
        {
            return NotFound("NAME_UNKNOWN");
        }

        return (kind, request.Method.Method) switch
        {
            ("tags", "GET") => Tags(source, repository, uri.Query),
            ("manifests", "GET" or "HEAD") => source ? SourceManifest(repository, rest, request.Method == HttpMethod.Head) : DestinationManifest(repository, rest),
            ("manifests", "PUT") => await PutManifestAsync(repository, rest, request, cancellationToken).ConfigureAwait(false),
            ("blobs", "GET" or "HEAD") when rest != "uploads/" && !rest.StartsWith("uploads/", StringComparison.Ordinal) =>
                source ? SourceBlob(rest, request.Method == HttpMethod.Head) : DestinationBlob(rest),
            ("blobs", _) => await UploadAsync(repository, rest, request, cancellationToken).ConfigureAwait(false),
            _ => NotFound("UNSUPPORTED"),
        };
    }

    // "/v2/fleet/app001/manifests/v3" -> ("fleet/app001", "manifests", "v3")
    private static (string? Repository, string Kind, string Reference) Split(string path)
    {
        foreach (var kind in (string[])["/manifests/", "/blobs/", "/tags/"])
        {
            var at = path.IndexOf(kind, StringComparison.Ordinal);
            if (at > 4)
            {
                return (path[4..at], kind.Trim('/'), Uri.UnescapeDataString(path[(at + kind.Length)..]));
            }
        }

        return (null, string.Empty, string.Empty);
    }

    private HttpResponseMessage Tags(bool source, string repository, string query)
    {
        List<string> tags;
        if (source)
        {
            if (!TryParseRepository(repository, out _))
            {
                return NotFound("NAME_UNKNOWN");
            }

            tags = [.. Enumerable.Range(0, _tags).Select(TagName)];
        }
        else
        {
            lock (_lock)
            {
                tags = [.. _destinationTags.Keys.Where(k => k.StartsWith(repository + ":", StringComparison.Ordinal)).Select(k => k[(repository.Length + 1)..])];
            }

            if (tags.Count == 0)
            {
                return NotFound("NAME_UNKNOWN");
            }
        }

        tags.Sort(StringComparer.Ordinal);
        var parameters = System.Web.HttpUtility.ParseQueryString(query);
        var n = int.TryParse(parameters["n"], CultureInfo.InvariantCulture, out var size) && size > 0 ? size : int.MaxValue;
        var after = parameters["last"];
        var start = after is null ? 0 : tags.FindIndex(t => string.CompareOrdinal(t, after) > 0);
        start = start < 0 ? tags.Count : start;
        var page = tags.Skip(start).Take(n).ToList();
        var body = new StringBuilder("{\"name\":\"").Append(repository).Append("\",\"tags\":[");
        body.AppendJoin(',', page.Select(t => "\"" + t + "\"")).Append("]}");
        var response = Json(Encoding.UTF8.GetBytes(body.ToString()), "application/json");
        if (start + page.Count < tags.Count)
        {
            response.Headers.TryAddWithoutValidation("Link", $"</v2/{repository}/tags/list?n={n}&last={page[^1]}>; rel=\"next\"");
        }

        return response;
    }

    private HttpResponseMessage SourceManifest(string repository, string reference, bool head)
    {
        byte[]? content;
        if (reference.StartsWith("sha256:", StringComparison.Ordinal))
        {
            content = Hash.TryParse(reference, out var digest) ? SourceContent(digest, out _) : null;
        }
        else
        {
            content = TryParseRepository(repository, out var r) && TryParseTag(reference, out var t) ? Manifest(r, t) : null;
        }

        if (content is null)
        {
            return NotFound("MANIFEST_UNKNOWN");
        }

        var response = Json(head ? [] : content, ManifestType);
        response.Content.Headers.ContentLength = content.Length;
        response.Headers.TryAddWithoutValidation("Docker-Content-Digest", Hash.Of(content).ToString());
        return response;
    }

    private HttpResponseMessage DestinationManifest(string repository, string reference)
    {
        (Hash Digest, int Size) found;
        lock (_lock)
        {
            if (reference.StartsWith("sha256:", StringComparison.Ordinal))
            {
                if (!Hash.TryParse(reference, out var digest) || !_destinationManifests.TryGetValue(digest, out var size))
                {
                    return NotFound("MANIFEST_UNKNOWN");
                }

                found = (digest, size);
            }
            else if (!_destinationTags.TryGetValue(repository + ":" + reference, out found))
            {
                return NotFound("MANIFEST_UNKNOWN");
            }
        }

        // The destination keeps no bodies: its manifests are the source's, so a GET is answered from the source.
        var response = Json(SourceContent(found.Digest, out _) ?? [], ManifestType);
        response.Content.Headers.ContentLength = found.Size;
        response.Headers.TryAddWithoutValidation("Docker-Content-Digest", found.Digest.ToString());
        return response;
    }

    private async Task<HttpResponseMessage> PutManifestAsync(string repository, string reference, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var digest = Hash.Of(body);
        lock (_lock)
        {
            _destinationManifests[digest] = body.Length;
            if (!reference.StartsWith("sha256:", StringComparison.Ordinal))
            {
                _destinationTags[repository + ":" + reference] = (digest, body.Length);
            }
        }

        var response = new HttpResponseMessage(HttpStatusCode.Created) { Content = new ByteArrayContent([]) };
        response.Headers.Location = new Uri($"/v2/{repository}/manifests/{digest}", UriKind.Relative);
        response.Headers.TryAddWithoutValidation("Docker-Content-Digest", digest.ToString());
        return response;
    }

    private HttpResponseMessage SourceBlob(string reference, bool head)
    {
        var content = Hash.TryParse(reference, out var digest) ? SourceContent(digest, out _) : null;
        if (content is null)
        {
            return NotFound("BLOB_UNKNOWN");
        }

        var response = Json(head ? [] : content, "application/octet-stream");
        response.Content.Headers.ContentLength = content.Length;
        response.Headers.TryAddWithoutValidation("Docker-Content-Digest", digest.ToString());
        return response;
    }

    private HttpResponseMessage DestinationBlob(string reference)
    {
        bool known;
        lock (_lock)
        {
            known = Hash.TryParse(reference, out var digest) && _destinationBlobs.Contains(digest);
        }

        // HEAD only in practice: nothing reads blobs back from the destination.
        return known ? SourceBlob(reference, head: true) : NotFound("BLOB_UNKNOWN");
    }

    private async Task<HttpResponseMessage> UploadAsync(string repository, string rest, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var parameters = System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query);
        if (request.Content is not null)
        {
            // Drained, not kept: the sync's cost of sending is what is measured.
            var stream = await request.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await stream.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }

        if (request.Method == HttpMethod.Post && parameters["mount"] is { } mount)
        {
            lock (_lock)
            {
                if (Hash.TryParse(mount, out var mounted) && _destinationBlobs.Contains(mounted))
                {
                    return Created(repository, mounted);
                }
            }
        }

        if (parameters["digest"] is { } finished && Hash.TryParse(finished, out var digest))
        {
            lock (_lock)
            {
                _destinationBlobs.Add(digest);
            }

            return Created(repository, digest);
        }

        var session = rest.StartsWith("uploads/", StringComparison.Ordinal) && rest.Length > 8 ? rest[8..] : Guid.NewGuid().ToString("N");
        var response = new HttpResponseMessage(HttpStatusCode.Accepted) { Content = new ByteArrayContent([]) };
        response.Headers.Location = new Uri($"/v2/{repository}/blobs/uploads/{session}", UriKind.Relative);
        response.Headers.TryAddWithoutValidation("Docker-Upload-UUID", session);
        response.Headers.TryAddWithoutValidation("Range", "0-0");
        return response;
    }

    private static HttpResponseMessage Created(string repository, Hash digest)
    {
        var response = new HttpResponseMessage(HttpStatusCode.Created) { Content = new ByteArrayContent([]) };
        response.Headers.Location = new Uri($"/v2/{repository}/blobs/{digest}", UriKind.Relative);
        response.Headers.TryAddWithoutValidation("Docker-Content-Digest", digest.ToString());
        return response;
    }

    private static HttpResponseMessage Json(byte[] body, string mediaType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    private static HttpResponseMessage NotFound(string code)
    {
        var response = Json(Encoding.UTF8.GetBytes($$"""{"errors":[{"code":"{{code}}","message":"not found"}]}"""), "application/json");
        response.StatusCode = HttpStatusCode.NotFound;
        return response;
    }

    /// <summary>A SHA-256 digest as four words: a small dictionary key for hundreds of thousands of blobs.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Hash(ulong A, ulong B, ulong C, ulong D)
    {
        public static Hash Of(ReadOnlySpan<byte> content)
        {
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(content, hash);
            return MemoryMarshal.Read<Hash>(hash);
        }

        public static bool TryParse(string text, out Hash digest)
        {
            digest = default;
            Span<byte> hash = stackalloc byte[32];
            if (!text.StartsWith("sha256:", StringComparison.Ordinal) || text.Length != 71
                || Convert.FromHexString(text.AsSpan(7), hash, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
            {
                return false;
            }

            digest = MemoryMarshal.Read<Hash>(hash);
            return true;
        }

        public override string ToString()
        {
            Span<byte> hash = stackalloc byte[32];
            MemoryMarshal.Write(hash, in this);
            return "sha256:" + Convert.ToHexStringLower(hash);
        }
    }

    private sealed class Handler(SimulatedRegistry registry) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await registry.ServeAsync(request, cancellationToken).ConfigureAwait(false);
            response.RequestMessage = request;
            return response;
        }
    }
}
