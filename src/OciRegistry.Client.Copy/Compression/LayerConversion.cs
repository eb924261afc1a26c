using OciRegistry.Client.Copy.Transports;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Compression;

/// <summary>A layer the plan converts: from the compression its media type states to another.</summary>
/// <param name="From">The compression its media type states (the bytes are sniffed again when read).</param>
/// <param name="To">The compression it is written with.</param>
/// <param name="DiffId">
/// The digest of its uncompressed tar that the image configuration lists, checked while converting; <see langword="null"/>
/// when the configuration gives none (an artifact, or a configuration whose diff IDs do not match the layers in number).
/// </param>
internal sealed record LayerConversion(CompressionKind From, CompressionKind To, Digest? DiffId);

/// <summary>A layer as a conversion wrote it.</summary>
/// <param name="Digest">The digest of the converted bytes.</param>
/// <param name="Size">Their size.</param>
/// <param name="Compression">Their compression.</param>
/// <param name="DiffId">The digest of the uncompressed tar, which the conversion keeps.</param>
internal sealed record ConvertedLayer(Digest Digest, long Size, CompressionKind Compression, Digest DiffId)
{
    /// <summary>Gets the descriptor the converted blob is pushed with (the OCI media type; each manifest states its own).</summary>
    public Descriptor Descriptor => new()
    {
        MediaType = LayerCompressionRules.LayerType(Compression, ManifestFormat.Oci),
        Digest = Digest,
        Size = Size,
    };
}
