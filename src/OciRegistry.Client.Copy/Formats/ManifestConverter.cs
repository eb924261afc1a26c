using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Formats;

/// <summary>
/// Converts image manifests and indexes between Docker schema 2 and OCI. Only media types change: the config blob
/// keeps its bytes (and so its digest), layers are never recompressed. What has no equivalent in the target format is
/// refused with <see cref="ImageCopyException"/>, never dropped silently — except annotations, which Docker schema 2
/// has no place for and which are left out when converting to it.
/// </summary>
internal static class ManifestConverter
{
    /// <summary>Docker's uncompressed layer type (containers/image's; a docker archive's layers are served as such).</summary>
    internal const string DockerLayerTar = MediaTypes.DockerLayer;

    /// <summary>Gets the format a manifest is in, or <see langword="null"/> for types that are neither.</summary>
    public static ManifestFormat? FormatOf(string mediaType) => mediaType switch
    {
        MediaTypes.OciManifest or MediaTypes.OciIndex => ManifestFormat.Oci,
        MediaTypes.DockerManifest or MediaTypes.DockerManifestList => ManifestFormat.DockerV2S2,
        _ => null,
    };

    /// <summary>Tells whether writing <paramref name="manifest"/> in <paramref name="target"/> needs a conversion.</summary>
    public static bool NeedsConversion(Manifest manifest, ManifestFormat? target) =>
        target is { } format && FormatOf(manifest.MediaType) is { } current && current != format;

    /// <summary>Converts an image manifest to <paramref name="target"/>.</summary>
    /// <exception cref="ImageCopyException">The manifest has content the target format cannot express.</exception>
    public static Manifest ConvertImage(Manifest source, ManifestFormat target)
    {
        var image = source.Image!;
        var what = $"The image manifest {source.Digest}";
        if (target == ManifestFormat.DockerV2S2)
        {
            if (image.ArtifactType is not null)
            {
                throw new ImageCopyException($"{what} is an artifact (artifactType \"{image.ArtifactType}\"); Docker schema 2 cannot express it. Copy it without a format conversion.");
            }

            if (image.Subject is not null)
            {
                throw new ImageCopyException($"{what} has a subject (it refers to {image.Subject.Digest}); Docker schema 2 cannot express it. Copy it without a format conversion.");
            }

            return DockerSchema2Json.CreateManifest(
                ToDocker(image.Config) with { MediaType = ConfigType(image.Config, target, what) },
                [.. image.Layers.Select(l => ToDocker(l) with { MediaType = LayerType(l, target, what) })]);
        }

        var oci = new ImageManifest
        {
            SchemaVersion = 2,
            MediaType = MediaTypes.OciManifest,
            Config = image.Config with { MediaType = ConfigType(image.Config, target, what) },
            Layers = [.. image.Layers.Select(l => l with { MediaType = LayerType(l, target, what) })],
            Annotations = image.Annotations,
        };
        return Manifest.Create(oci);
    }

    /// <summary>
    /// Writes a new index from <paramref name="source"/> that lists <paramref name="entries"/> (each the source's
    /// entry with the written instance's media type, digest and size) in <paramref name="target"/>'s format, or the
    /// source's own format when <paramref name="target"/> is <see langword="null"/>.
    /// </summary>
    /// <exception cref="ImageCopyException">The index has content the target format cannot express.</exception>
    public static Manifest RewriteIndex(Manifest source, IReadOnlyList<Descriptor> entries, ManifestFormat? target)
    {
        var index = source.Index!;
        var what = $"The index {source.Digest}";
        var format = target ?? FormatOf(source.MediaType) ?? ManifestFormat.Oci;
        if (format == ManifestFormat.DockerV2S2)
        {
            if (index.ArtifactType is not null || index.Subject is not null)
            {
                throw new ImageCopyException($"{what} has an artifactType or a subject; a Docker manifest list cannot express them. Copy it without a format conversion.");
            }

            return DockerSchema2Json.CreateManifestList([.. entries.Select(e => ToDocker(e) with { Platform = e.Platform })]);
        }

        return Manifest.Create(index with
        {
            MediaType = target is null ? index.MediaType : MediaTypes.OciIndex,
            Manifests = entries,
        });
    }

    private static string ConfigType(Descriptor config, ManifestFormat target, string what) => (config.MediaType, target) switch
    {
        (MediaTypes.OciConfig or MediaTypes.DockerConfig, ManifestFormat.Oci) => MediaTypes.OciConfig,
        (MediaTypes.OciConfig or MediaTypes.DockerConfig, ManifestFormat.DockerV2S2) => MediaTypes.DockerConfig,
        _ => throw new ImageCopyException(
            $"{what} has a config of type \"{config.MediaType}\" (not an image configuration), which {Name(target)} cannot express. Copy it without a format conversion."),
    };

    private static string LayerType(Descriptor layer, ManifestFormat target, string what) => (layer.MediaType, target) switch
    {
        (MediaTypes.OciLayerGzip or MediaTypes.DockerLayerGzip, ManifestFormat.DockerV2S2) => MediaTypes.DockerLayerGzip,
        (MediaTypes.OciLayer or DockerLayerTar, ManifestFormat.DockerV2S2) => DockerLayerTar,
        (MediaTypes.OciLayerNonDistributableGzip or MediaTypes.DockerForeignLayerGzip, ManifestFormat.DockerV2S2) => MediaTypes.DockerForeignLayerGzip,
        (MediaTypes.OciLayerZstd or MediaTypes.OciLayerNonDistributableZstd, ManifestFormat.DockerV2S2) => throw new ImageCopyException(
            $"{what} has the zstd-compressed layer {layer.Digest}; Docker schema 2 has no zstd layer type. Copy it as OCI, or without a format conversion."),
        (MediaTypes.OciLayerGzip or MediaTypes.DockerLayerGzip, ManifestFormat.Oci) => MediaTypes.OciLayerGzip,
        (MediaTypes.OciLayer or DockerLayerTar, ManifestFormat.Oci) => MediaTypes.OciLayer,
        (MediaTypes.OciLayerNonDistributableGzip or MediaTypes.DockerForeignLayerGzip, ManifestFormat.Oci) => MediaTypes.OciLayerNonDistributableGzip,
        (MediaTypes.OciLayerZstd or MediaTypes.OciLayerNonDistributable or MediaTypes.OciLayerNonDistributableZstd, ManifestFormat.Oci) => layer.MediaType,
        _ => throw new ImageCopyException(
            $"{what} has the layer {layer.Digest} of type \"{layer.MediaType}\", which {Name(target)} cannot express. Copy it without a format conversion."),
    };

    // Docker schema 2 descriptors carry media type, digest, size, URLs (and platform in a manifest list) only.
    private static Descriptor ToDocker(Descriptor descriptor) => new()
    {
        MediaType = descriptor.MediaType,
        Digest = descriptor.Digest,
        Size = descriptor.Size,
        Urls = descriptor.Urls,
    };

    private static string Name(ManifestFormat format) => format == ManifestFormat.Oci ? "OCI" : "Docker schema 2";
}
