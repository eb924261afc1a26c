namespace OciRegistry.Client.Models;

/// <summary>
/// The media types of the OCI image specification and of Docker's image formats, and how to classify them.
/// Unknown media types are opaque content, never an error by themselves.
/// </summary>
public static class MediaTypes
{
    /// <summary>OCI image manifest.</summary>
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>OCI image index.</summary>
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";

    /// <summary>OCI image configuration.</summary>
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";

    /// <summary>OCI uncompressed layer tar.</summary>
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";

    /// <summary>OCI gzip-compressed layer tar.</summary>
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";

    /// <summary>OCI zstd-compressed layer tar.</summary>
    public const string OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";

    /// <summary>OCI non-distributable uncompressed layer (deprecated by the spec, still read).</summary>
    public const string OciLayerNonDistributable = "application/vnd.oci.image.layer.nondistributable.v1.tar";

    /// <summary>OCI non-distributable gzip-compressed layer (deprecated by the spec, still read).</summary>
    public const string OciLayerNonDistributableGzip = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";

    /// <summary>OCI non-distributable zstd-compressed layer (deprecated by the spec, still read).</summary>
    public const string OciLayerNonDistributableZstd = "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";

    /// <summary>The OCI empty JSON descriptor's media type, used for artifacts without a config.</summary>
    public const string OciEmpty = "application/vnd.oci.empty.v1+json";

    /// <summary>Docker image manifest, schema version 2.</summary>
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>Docker manifest list (the multi-platform form of schema 2).</summary>
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";

    /// <summary>Docker container image configuration.</summary>
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";

    /// <summary>
    /// Docker uncompressed layer tar: not in Docker's schema 2 text, but what containers/image (and so podman) writes
    /// for uncompressed layers, and what registries and Docker accept.
    /// </summary>
    public const string DockerLayer = "application/vnd.docker.image.rootfs.diff.tar";

    /// <summary>Docker gzip-compressed layer tar.</summary>
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /// <summary>Docker foreign (non-distributable) gzip-compressed layer, fetched from its URLs.</summary>
    public const string DockerForeignLayerGzip = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    /// <summary>Docker plugin configuration.</summary>
    public const string DockerPluginConfig = "application/vnd.docker.plugin.v1+json";

    /// <summary>Docker schema 1 manifest (read only; it cannot be written).</summary>
    public const string DockerSchema1Manifest = "application/vnd.docker.distribution.manifest.v1+json";

    /// <summary>Docker schema 1 signed manifest (read only; it cannot be written).</summary>
    public const string DockerSchema1SignedManifest = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /// <summary>
    /// Every manifest media type this SDK reads, in the order of preference for an HTTP <c>Accept</c> header.
    /// </summary>
    public static IReadOnlyList<string> AcceptedManifestTypes { get; } =
    [
        OciIndex,
        OciManifest,
        DockerManifestList,
        DockerManifest,
        DockerSchema1SignedManifest,
        DockerSchema1Manifest,
    ];

    /// <summary>Gets a value indicating whether the media type is an image manifest (OCI or Docker schema 2).</summary>
    /// <param name="mediaType">The media type.</param>
    /// <returns><see langword="true"/> for an OCI manifest or a Docker schema 2 manifest.</returns>
    public static bool IsImageManifest(string? mediaType) => mediaType is OciManifest or DockerManifest;

    /// <summary>Gets a value indicating whether the media type is an index (OCI index or Docker manifest list).</summary>
    /// <param name="mediaType">The media type.</param>
    /// <returns><see langword="true"/> for an OCI index or a Docker manifest list.</returns>
    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerManifestList;

    /// <summary>Gets a value indicating whether the media type is a Docker schema 1 manifest, which is read only.</summary>
    /// <param name="mediaType">The media type.</param>
    /// <returns><see langword="true"/> for either schema 1 form.</returns>
    public static bool IsSchema1(string? mediaType) => mediaType is DockerSchema1Manifest or DockerSchema1SignedManifest;

    /// <summary>Gets a value indicating whether the media type is any manifest or index type this SDK reads.</summary>
    /// <param name="mediaType">The media type.</param>
    /// <returns><see langword="true"/> for image manifests, indexes and schema 1 manifests.</returns>
    public static bool IsManifest(string? mediaType) => IsImageManifest(mediaType) || IsIndex(mediaType) || IsSchema1(mediaType);

    /// <summary>Gets a value indicating whether the media type is an image configuration (OCI or Docker).</summary>
    /// <param name="mediaType">The media type.</param>
    /// <returns><see langword="true"/> for an OCI or Docker image configuration.</returns>
    public static bool IsImageConfig(string? mediaType) => mediaType is OciConfig or DockerConfig;

    /// <summary>Gets a value indicating whether the media type is a layer type of the OCI or Docker image formats.</summary>
    /// <param name="mediaType">The media type.</param>
    /// <returns><see langword="true"/> for every OCI and Docker layer type, foreign and non-distributable ones included.</returns>
    public static bool IsLayer(string? mediaType) => mediaType is OciLayer or OciLayerGzip or OciLayerZstd
        or OciLayerNonDistributable or OciLayerNonDistributableGzip or OciLayerNonDistributableZstd
        or DockerLayer or DockerLayerGzip or DockerForeignLayerGzip;

    /// <summary>
    /// Gets a value indicating whether the layer must not be pushed to other registries but fetched from its URLs
    /// (Docker foreign layers and OCI non-distributable layers).
    /// </summary>
    /// <param name="mediaType">The media type.</param>
    /// <returns><see langword="true"/> for foreign and non-distributable layers.</returns>
    public static bool IsNonDistributable(string? mediaType) => mediaType is DockerForeignLayerGzip
        or OciLayerNonDistributable or OciLayerNonDistributableGzip or OciLayerNonDistributableZstd;

    /// <summary>Gets a value indicating whether the media type is one that this SDK knows (any of the constants here).</summary>
    /// <param name="mediaType">The media type.</param>
    /// <returns><see langword="true"/> when the type is known; unknown types are still carried as opaque content.</returns>
    public static bool IsKnown(string? mediaType) => IsManifest(mediaType) || IsImageConfig(mediaType) || IsLayer(mediaType)
        || mediaType is OciEmpty or DockerPluginConfig;

    /// <summary>
    /// Removes parameters and whitespace from a <c>Content-Type</c> value (<c>application/json; charset=utf-8</c> becomes
    /// <c>application/json</c>), as registries may add them.
    /// </summary>
    /// <param name="contentType">A Content-Type header value.</param>
    /// <returns>The bare media type, or <see langword="null"/> for a null or blank input.</returns>
    public static string? Normalize(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var bare = (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim();
        return bare.Length == 0 ? null : bare;
    }
}
