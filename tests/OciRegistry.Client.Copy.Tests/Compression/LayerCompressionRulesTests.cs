using OciRegistry.Client.Copy.Compression;
using OciRegistry.Client.Copy.Transports;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Tests.Compression;

public sealed class LayerCompressionRulesTests
{
    [Theory]
    [InlineData(CompressionKind.None, LayerCompression.Compress, null, CompressionKind.Gzip)]
    [InlineData(CompressionKind.None, LayerCompression.Compress, CompressionAlgorithm.Zstd, CompressionKind.Zstd)]
    [InlineData(CompressionKind.Gzip, LayerCompression.Compress, null, CompressionKind.Gzip)]
    [InlineData(CompressionKind.Zstd, LayerCompression.Compress, null, CompressionKind.Zstd)]
    [InlineData(CompressionKind.Gzip, LayerCompression.Compress, CompressionAlgorithm.Zstd, CompressionKind.Zstd)]
    [InlineData(CompressionKind.Zstd, LayerCompression.Compress, CompressionAlgorithm.Gzip, CompressionKind.Gzip)]
    [InlineData(CompressionKind.Gzip, LayerCompression.Decompress, null, CompressionKind.None)]
    [InlineData(CompressionKind.Zstd, LayerCompression.Decompress, null, CompressionKind.None)]
    [InlineData(CompressionKind.None, LayerCompression.Decompress, null, CompressionKind.None)]
    [InlineData(CompressionKind.Gzip, LayerCompression.Preserve, null, CompressionKind.Gzip)]
    internal void A_layer_gets_the_compression_containers_image_gives_it(CompressionKind current, LayerCompression mode, CompressionAlgorithm? algorithm, CompressionKind expected) =>
        Assert.Equal(expected, LayerCompressionRules.Target(current, mode, algorithm));

    [Theory]
    [InlineData(MediaTypes.OciLayer, CompressionKind.None)]
    [InlineData(MediaTypes.OciLayerGzip, CompressionKind.Gzip)]
    [InlineData(MediaTypes.OciLayerZstd, CompressionKind.Zstd)]
    [InlineData(MediaTypes.DockerLayer, CompressionKind.None)]
    [InlineData(MediaTypes.DockerLayerGzip, CompressionKind.Gzip)]
    internal void Plain_layer_types_state_their_compression(string mediaType, CompressionKind expected) =>
        Assert.Equal(expected, LayerCompressionRules.CompressionOf(mediaType));

    [Theory]
    [InlineData(MediaTypes.OciLayerNonDistributableGzip)]
    [InlineData(MediaTypes.DockerForeignLayerGzip)]
    [InlineData("application/vnd.example.artifact")]
    public void Foreign_non_distributable_and_artifact_layers_are_left_alone(string mediaType) =>
        Assert.Null(LayerCompressionRules.CompressionOf(mediaType));

    [Theory]
    [InlineData(CompressionKind.None, ManifestFormat.Oci, MediaTypes.OciLayer)]
    [InlineData(CompressionKind.Gzip, ManifestFormat.Oci, MediaTypes.OciLayerGzip)]
    [InlineData(CompressionKind.Zstd, ManifestFormat.Oci, MediaTypes.OciLayerZstd)]
    [InlineData(CompressionKind.None, ManifestFormat.DockerV2S2, MediaTypes.DockerLayer)]
    [InlineData(CompressionKind.Gzip, ManifestFormat.DockerV2S2, MediaTypes.DockerLayerGzip)]
    internal void Each_format_names_the_layer_type_of_a_compression(CompressionKind compression, ManifestFormat format, string expected) =>
        Assert.Equal(expected, LayerCompressionRules.LayerType(compression, format));

    [Fact]
    public void Docker_schema_2_has_no_zstd_layer_type() =>
        Assert.Contains("zstd", Assert.Throws<ImageCopyException>(() => LayerCompressionRules.LayerType(CompressionKind.Zstd, ManifestFormat.DockerV2S2)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData(LayerCompression.Preserve, CompressionAlgorithm.Zstd, null, "apply when layers are compressed")]
    [InlineData(LayerCompression.Decompress, null, 3, "apply when layers are compressed")]
    [InlineData(LayerCompression.Compress, null, 10, "from 1 to 9 for Gzip")]
    [InlineData(LayerCompression.Compress, CompressionAlgorithm.Zstd, 23, "from 1 to 22 for Zstd")]
    [InlineData(LayerCompression.Compress, CompressionAlgorithm.Gzip, 0, "from 1 to 9 for Gzip")]
    public void Compression_options_that_do_not_fit_are_refused_naming_the_option(LayerCompression mode, CompressionAlgorithm? algorithm, int? level, string expected)
    {
        var options = new CopyOptions { LayerCompression = mode, CompressionAlgorithm = algorithm, CompressionLevel = level };

        Assert.Contains(options.Validate(), e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Compression_options_that_fit_are_valid() =>
        Assert.Empty(new CopyOptions { LayerCompression = LayerCompression.Compress, CompressionAlgorithm = CompressionAlgorithm.Zstd, CompressionLevel = 19 }.Validate());

    [Theory]
    [InlineData(new byte[] { 0x1f, 0x8b, 8, 0 }, CompressionKind.Gzip)]
    [InlineData(new byte[] { 0x28, 0xb5, 0x2f, 0xfd, 0 }, CompressionKind.Zstd)]
    [InlineData(new byte[] { 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00 }, CompressionKind.Xz)]
    [InlineData(new byte[] { 0x42, 0x5a, 0x68, 0x39 }, CompressionKind.Bzip2)]
    [InlineData(new byte[] { 0xfd, 0x37, 0x7a, 0x58 }, CompressionKind.None)]
    [InlineData(new byte[] { 0x75, 0x73, 0x74, 0x61, 0x72 }, CompressionKind.None)]
    internal void Compression_is_told_by_magic_bytes(byte[] head, CompressionKind expected) =>
        Assert.Equal(expected, Copy.Transports.Compression.Detect(head));
}
