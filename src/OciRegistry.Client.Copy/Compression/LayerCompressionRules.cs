using OciRegistry.Client.Copy.Transports;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Compression;

/// <summary>
/// What <see cref="LayerCompression"/> makes of each layer, decided from its media type before any byte moves, and
/// the media type a layer of a given compression has in each manifest format.
/// </summary>
/// <remarks>
/// Only the plain image layer types are converted (OCI's tar, tar+gzip and tar+zstd; Docker's tar and tar.gzip):
/// non-distributable and foreign layers are fetched by others from their URLs and stay as they are, and layers of
/// artifacts are not tars at all. As containers/image does, a compressed layer is only converted when an algorithm is
/// set and differs from its own, and Docker schema 2 has no zstd layer type.
/// </remarks>
internal static class LayerCompressionRules
{
    /// <summary>Gets the compression a convertible layer type states, or <see langword="null"/> for types left alone.</summary>
    /// <param name="mediaType">The layer's media type.</param>
    /// <returns>The compression, or <see langword="null"/>.</returns>
    public static CompressionKind? CompressionOf(string mediaType) => mediaType switch
    {
        MediaTypes.OciLayer or MediaTypes.DockerLayer => CompressionKind.None,
        MediaTypes.OciLayerGzip or MediaTypes.DockerLayerGzip => CompressionKind.Gzip,
        MediaTypes.OciLayerZstd => CompressionKind.Zstd,
        _ => null,
    };

    /// <summary>Gets the compression a layer compressed as <paramref name="current"/> is to have.</summary>
    /// <param name="current">Its compression now.</param>
    /// <param name="mode">What happens to layer compression.</param>
    /// <param name="algorithm">The algorithm asked for, if any.</param>
    /// <returns>The compression it is to have; <paramref name="current"/> when it stays as it is.</returns>
    public static CompressionKind Target(CompressionKind current, LayerCompression mode, CompressionAlgorithm? algorithm) => mode switch
    {
        LayerCompression.Decompress => CompressionKind.None,
        LayerCompression.Compress when current == CompressionKind.None => Codecs.KindOf(algorithm ?? CompressionAlgorithm.Gzip),
        LayerCompression.Compress when algorithm is { } wanted => Codecs.KindOf(wanted),
        _ => current,
    };

    /// <summary>Gets the media type of a plain image layer of <paramref name="compression"/> in <paramref name="format"/>.</summary>
    /// <param name="compression">The layer's compression: none, gzip or zstd.</param>
    /// <param name="format">The manifest's format.</param>
    /// <returns>The media type.</returns>
    /// <exception cref="ImageCopyException">A zstd layer in Docker schema 2, which has no type for it.</exception>
    public static string LayerType(CompressionKind compression, ManifestFormat format) => (compression, format) switch
    {
        (CompressionKind.None, ManifestFormat.Oci) => MediaTypes.OciLayer,
        (CompressionKind.Gzip, ManifestFormat.Oci) => MediaTypes.OciLayerGzip,
        (CompressionKind.Zstd, ManifestFormat.Oci) => MediaTypes.OciLayerZstd,
        (CompressionKind.None, ManifestFormat.DockerV2S2) => MediaTypes.DockerLayer,
        (CompressionKind.Gzip, ManifestFormat.DockerV2S2) => MediaTypes.DockerLayerGzip,
        (CompressionKind.Zstd, ManifestFormat.DockerV2S2) => throw new ImageCopyException(
            "Docker schema 2 has no zstd layer type: a zstd-compressed layer can only be written in an OCI manifest. Ask for the OCI format, or for gzip."),
        _ => throw new ImageCopyException($"A layer compressed with {Transports.Compression.Name(compression)} has no media type in {format}."),
    };

    /// <summary>Tells whether the options can turn some layer into zstd, which only OCI manifests can list.</summary>
    /// <param name="settings">The copy's settings.</param>
    /// <returns><see langword="true"/> when layers may become zstd.</returns>
    public static bool MayWriteZstd(CopySettings settings) =>
        settings.LayerCompression == LayerCompression.Compress && settings.CompressionAlgorithm == CompressionAlgorithm.Zstd;
}
