using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OciRegistry.Client.TestSupport.Artifacts;

/// <summary>
/// Supply-chain evidence made by the tools that make it, from the files under <c>Artifacts/Fixtures</c> (their
/// README says where each came from), written to a registry with plain HTTP requests so that nothing of ours wrote
/// it: a BuildKit image index with its attestation manifests (an SPDX SBOM and SLSA provenance as in-toto
/// statements), and as OCI 1.1 referrers a CycloneDX SBOM of the index, a Helm chart as <c>helm push</c> stores it
/// with its Helm provenance file as a referrer of the chart, and a DSSE envelope of SLSA provenance for the arm64
/// image that the envelope's statement names.
/// </summary>
public static class RealArtifacts
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string Empty = "application/vnd.oci.empty.v1+json";
    public const string CycloneDx = "application/vnd.cyclonedx+json";
    public const string Dsse = "application/vnd.dsse.envelope.v1+json";
    public const string HelmConfig = "application/vnd.cncf.helm.config.v1+json";
    public const string HelmChart = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
    public const string HelmProvenance = "application/vnd.cncf.helm.chart.provenance.v1.prov";

    /// <summary>The arm64 image of the BuildKit index: the subject of the DSSE envelope's statement.</summary>
    public const string Arm64Image = "sha256:7a76cec943853f9f7105b1976afa1bf7cd5bb6afc4e9d5852dd8da7cf81ae86e";

    // Fixed so that the referrers' digests are the same in every run.
    private const string Created = "2024-04-29T10:23:46Z";

    /// <summary>The folder of the fixture files, beside the test assembly.</summary>
    public static string FixtureDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "Artifacts", "Fixtures");

    /// <summary>The BuildKit OCI layout (<c>docker buildx build --sbom true --provenance true</c>, two platforms).</summary>
    public static string BuildKitLayout => Path.Combine(FixtureDirectory, "buildkit-index");

    public static byte[] Read(params string[] path) => File.ReadAllBytes(Path.Combine([FixtureDirectory, .. path]));

    public static string DigestOf(ReadOnlySpan<byte> content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>
    /// Pushes the BuildKit index (every blob, then the manifests, children before the index) and tags the index.
    /// </summary>
    public static async Task<PushedManifest> PushBuildKitIndexAsync(HttpClient http, string repository, string tag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var layout = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(BuildKitLayout, "index.json")));
        var top = layout.RootElement.GetProperty("manifests")[0];
        return await PushFromLayoutAsync(http, repository, top.GetProperty("digest").GetString()!, top.GetProperty("mediaType").GetString()!, tag, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Attaches the evidence to a pushed BuildKit index: a CycloneDX SBOM and a Helm chart referring to the index, the
    /// chart's Helm provenance referring to the chart, and the DSSE-enveloped SLSA provenance referring to the arm64
    /// image. With <paramref name="fallbackIndexes"/> (a registry without the referrers API, such as Distribution
    /// 2.8), the referrers tag index of each subject is written as well, as a client that pushes them would.
    /// </summary>
    public static async Task<Evidence> AttachEvidenceAsync(
        HttpClient http, string repository, PushedManifest index, bool fallbackIndexes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(index);
        var arm64 = await GetManifestAsync(http, repository, Arm64Image, cancellationToken).ConfigureAwait(false);

        var sbom = await PushArtifactAsync(
            http, repository, index, CycloneDx, null,
            [new ArtifactBlob(CycloneDx, Read("cyclonedx-bom-1.5.json"), "bom.cdx.json")],
            new() { ["org.opencontainers.image.created"] = Created, ["org.example.sbom.format"] = "CycloneDX 1.5" },
            cancellationToken).ConfigureAwait(false);

        // As helm push writes it: the chart's metadata as the config, the packaged chart as the only layer.
        var chart = await PushArtifactAsync(
            http, repository, index, null, new ArtifactBlob(HelmConfig, Read("helm", "config.json"), null),
            [new ArtifactBlob(HelmChart, Read("helm", "signtest-0.1.0.tgz"), null)],
            new()
            {
                ["org.opencontainers.image.created"] = Created,
                ["org.opencontainers.image.description"] = "A Helm chart for Kubernetes",
                ["org.opencontainers.image.title"] = "signtest",
                ["org.opencontainers.image.version"] = "0.1.0",
            },
            cancellationToken).ConfigureAwait(false);

        var chartProvenance = await PushArtifactAsync(
            http, repository, chart, HelmProvenance, null,
            [new ArtifactBlob(HelmProvenance, Read("helm", "signtest-0.1.0.tgz.prov"), "signtest-0.1.0.tgz.prov")],
            new() { ["org.opencontainers.image.created"] = Created },
            cancellationToken).ConfigureAwait(false);

        var provenance = await PushArtifactAsync(
            http, repository, arm64, Dsse, null,
            [new ArtifactBlob(Dsse, Read("slsa-provenance.dsse.json"), null) { Annotations = new() { ["in-toto.io/predicate-type"] = "https://slsa.dev/provenance/v0.2" } }],
            new() { ["org.opencontainers.image.created"] = Created },
            cancellationToken).ConfigureAwait(false);

        if (fallbackIndexes)
        {
            await PutFallbackIndexAsync(http, repository, index, [sbom, chart], cancellationToken).ConfigureAwait(false);
            await PutFallbackIndexAsync(http, repository, chart, [chartProvenance], cancellationToken).ConfigureAwait(false);
            await PutFallbackIndexAsync(http, repository, arm64, [provenance], cancellationToken).ConfigureAwait(false);
        }

        return new Evidence(index, arm64, sbom, chart, chartProvenance, provenance);
    }

    /// <summary>
    /// Pushes an OCI 1.1 artifact manifest whose <c>subject</c> is <paramref name="subject"/>, by digest: its blobs,
    /// then the manifest. Without <paramref name="config"/> the config is the empty descriptor with its data inline.
    /// </summary>
    public static async Task<PushedManifest> PushArtifactAsync(
        HttpClient http,
        string repository,
        PushedManifest subject,
        string? artifactType,
        ArtifactBlob? config,
        IReadOnlyList<ArtifactBlob> layers,
        Dictionary<string, string> annotations,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(layers);
        var configNode = config is null
            ? new JsonObject { ["mediaType"] = Empty, ["digest"] = DigestOf("{}"u8), ["size"] = 2, ["data"] = "e30=" }
            : Describe(config);
        await PushBlobAsync(http, repository, config?.Content ?? "{}"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        foreach (var layer in layers)
        {
            await PushBlobAsync(http, repository, layer.Content, cancellationToken).ConfigureAwait(false);
        }

        var manifest = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = OciManifest };
        if (artifactType is not null)
        {
            manifest["artifactType"] = artifactType;
        }

        manifest["config"] = configNode;
        manifest["layers"] = new JsonArray([.. layers.Select(l => (JsonNode)Describe(l))]);
        manifest["subject"] = new JsonObject { ["mediaType"] = subject.MediaType, ["digest"] = subject.Digest, ["size"] = subject.Content.Length };
        manifest["annotations"] = ToJson(annotations);
        var content = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        await PutManifestAsync(http, repository, DigestOf(content), OciManifest, content, cancellationToken).ConfigureAwait(false);
        return new PushedManifest(DigestOf(content), OciManifest, content, artifactType ?? config?.MediaType ?? Empty, annotations);
    }

    /// <summary>Writes the referrers tag index (<c>sha256-HEX</c>) of <paramref name="subject"/> listing <paramref name="referrers"/>.</summary>
    public static Task PutFallbackIndexAsync(
        HttpClient http, string repository, PushedManifest subject, IReadOnlyList<PushedManifest> referrers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(referrers);
        var entries = referrers.Select(r => (JsonNode)new JsonObject
        {
            ["mediaType"] = r.MediaType,
            ["digest"] = r.Digest,
            ["size"] = r.Content.Length,
            ["artifactType"] = r.ArtifactType,
            ["annotations"] = ToJson(r.Annotations ?? new Dictionary<string, string>()),
        });
        var index = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = OciIndex, ["manifests"] = new JsonArray([.. entries]) };
        var tag = "sha256-" + subject.Digest["sha256:".Length..];
        return PutManifestAsync(http, repository, tag, OciIndex, Encoding.UTF8.GetBytes(index.ToJsonString()), cancellationToken);
    }

    /// <summary>Uploads a blob: POST to open a session, then one PUT with the body and the digest.</summary>
    public static async Task PushBlobAsync(HttpClient http, string repository, byte[] content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(content);
        using var start = await http.PostAsync($"v2/{repository}/blobs/uploads/", null, cancellationToken).ConfigureAwait(false);
        Expect(start, HttpStatusCode.Accepted, "opening an upload");
        var location = start.Headers.Location ?? throw new InvalidOperationException("The registry opened an upload without a Location.");
        var absolute = location.IsAbsoluteUri ? location : new Uri(http.BaseAddress!, location);
        var separator = string.IsNullOrEmpty(absolute.Query) ? "?" : "&";
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var finish = await http.PutAsync(new Uri(absolute + separator + "digest=" + Uri.EscapeDataString(DigestOf(content))), body, cancellationToken).ConfigureAwait(false);
        Expect(finish, HttpStatusCode.Created, "completing an upload");
    }

    public static async Task PutManifestAsync(HttpClient http, string repository, string reference, string mediaType, byte[] content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var put = await http.PutAsync($"v2/{repository}/manifests/{reference}", body, cancellationToken).ConfigureAwait(false);
        Expect(put, HttpStatusCode.Created, $"putting manifest {reference}");
    }

    public static async Task<PushedManifest> GetManifestAsync(HttpClient http, string repository, string reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{repository}/manifests/{reference}");
        request.Headers.Accept.ParseAdd(OciManifest);
        request.Headers.Accept.ParseAdd(OciIndex);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        Expect(response, HttpStatusCode.OK, $"reading manifest {reference}");
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new PushedManifest(DigestOf(content), response.Content.Headers.ContentType!.MediaType!, content, null, null);
    }

    private static async Task<PushedManifest> PushFromLayoutAsync(HttpClient http, string repository, string digest, string mediaType, string? tag, CancellationToken cancellationToken)
    {
        var content = await File.ReadAllBytesAsync(Path.Combine(BuildKitLayout, "blobs", "sha256", digest["sha256:".Length..]), cancellationToken).ConfigureAwait(false);
        using (var document = JsonDocument.Parse(content))
        {
            var root = document.RootElement;
            if (mediaType == OciIndex)
            {
                foreach (var child in root.GetProperty("manifests").EnumerateArray())
                {
                    await PushFromLayoutAsync(http, repository, child.GetProperty("digest").GetString()!, child.GetProperty("mediaType").GetString()!, null, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                foreach (var blob in root.GetProperty("layers").EnumerateArray().Prepend(root.GetProperty("config")))
                {
                    var blobDigest = blob.GetProperty("digest").GetString()!;
                    await PushBlobAsync(http, repository, await File.ReadAllBytesAsync(Path.Combine(BuildKitLayout, "blobs", "sha256", blobDigest["sha256:".Length..]), cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        await PutManifestAsync(http, repository, tag ?? digest, mediaType, content, cancellationToken).ConfigureAwait(false);
        return new PushedManifest(digest, mediaType, content, null, null);
    }

    private static JsonObject Describe(ArtifactBlob layer)
    {
        var node = new JsonObject { ["mediaType"] = layer.MediaType, ["digest"] = DigestOf(layer.Content), ["size"] = layer.Content.Length };
        var annotations = new Dictionary<string, string>(layer.Annotations ?? [], StringComparer.Ordinal);
        if (layer.Title is { } title)
        {
            annotations["org.opencontainers.image.title"] = title;
        }

        if (annotations.Count > 0)
        {
            node["annotations"] = ToJson(annotations);
        }

        return node;
    }

    private static JsonObject ToJson(IReadOnlyDictionary<string, string> annotations) =>
        new(annotations.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value)));

    private static void Expect(HttpResponseMessage response, HttpStatusCode status, string what)
    {
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException($"The registry answered {(int)response.StatusCode} {response.ReasonPhrase} when {what} ({response.RequestMessage?.RequestUri}).");
        }
    }
}

/// <summary>A blob of an artifact: its media type, bytes, and optional title and annotations.</summary>
public sealed record ArtifactBlob(string MediaType, byte[] Content, string? Title)
{
    public Dictionary<string, string>? Annotations { get; init; }
}

/// <summary>A manifest written to a registry: its digest, media type, exact bytes, and, for an artifact, the
/// artifact type and annotations its referrers index entry carries.</summary>
public sealed record PushedManifest(string Digest, string MediaType, byte[] Content, string? ArtifactType, IReadOnlyDictionary<string, string>? Annotations);

/// <summary>What <see cref="RealArtifacts.AttachEvidenceAsync"/> wrote.</summary>
public sealed record Evidence(
    PushedManifest Index, PushedManifest Arm64Image, PushedManifest Sbom, PushedManifest Chart, PushedManifest ChartProvenance, PushedManifest Provenance)
{
    /// <summary>Every referrer, subjects before their referrers.</summary>
    public IReadOnlyList<PushedManifest> Referrers => [Sbom, Chart, ChartProvenance, Provenance];
}
