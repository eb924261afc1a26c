using System.CommandLine;
using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Cli.Options;
using OciRegistry.Client.Copy;

namespace OciRegistry.Client.Cli.Tests.Options;

public sealed class CompressionFlagsTests
{
    [Theory]
    [InlineData("docker://reg.example/app:v1", LayerCompression.Compress)]
    [InlineData("oci:/tmp/layout:v1", LayerCompression.Compress)]
    [InlineData("oci-archive:/tmp/a.tar:v1", LayerCompression.Compress)]
    [InlineData("dir:/tmp/d", LayerCompression.Preserve)]
    [InlineData("docker-archive:/tmp/a.tar:app:v1", LayerCompression.Preserve)]
    public void Each_destination_gets_the_layer_compression_skopeo_gives_it(string destination, LayerCompression expected) =>
        Assert.Equal(expected, Apply(destination).LayerCompression);

    [Fact]
    public void An_oci_layout_keeps_uncompressed_layers_when_told() =>
        Assert.Equal(LayerCompression.Preserve, Apply("oci:/tmp/layout:v1", "--dest-oci-accept-uncompressed-layers").LayerCompression);

    [Theory]
    [InlineData("--dest-compress", LayerCompression.Compress)]
    [InlineData("--dest-decompress", LayerCompression.Decompress)]
    public void A_dir_destination_compresses_or_decompresses_when_told(string flag, LayerCompression expected) =>
        Assert.Equal(expected, Apply("dir:/tmp/d", flag).LayerCompression);

    [Fact]
    public void Format_and_level_reach_the_options_when_layers_are_compressed()
    {
        var options = Apply("docker://reg.example/app:v1", "--dest-compress-format", "zstd", "--dest-compress-level", "19");

        Assert.Equal(CompressionAlgorithm.Zstd, options.CompressionAlgorithm);
        Assert.Equal(19, options.CompressionLevel);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Format_is_ignored_for_a_dir_destination_without_dest_compress_as_skopeo_ignores_it()
    {
        var options = Apply("dir:/tmp/d", "--dest-compress-format", "zstd");

        Assert.Equal(LayerCompression.Preserve, options.LayerCompression);
        Assert.Null(options.CompressionAlgorithm);
    }

    [Fact]
    public void Preserving_digests_without_a_compression_flag_keeps_layers_as_they_are() =>
        Assert.Equal(LayerCompression.Preserve, Apply("oci:/tmp/layout:v1", preserveDigests: true).LayerCompression);

    [Theory]
    [InlineData("cannot find compressor for \"lz4\"", "dir:/tmp/d", "--dest-compress-format", "lz4")]
    [InlineData("zstd:chunked is not supported", "dir:/tmp/d", "--dest-compress-format", "zstd:chunked")]
    [InlineData("Cannot compress and decompress at the same time", "dir:/tmp/d", "--dest-compress", "--dest-decompress")]
    [InlineData("zstd levels are 1 to 22", "docker://reg.example/app:v1", "--dest-compress-format", "zstd", "--dest-compress-level", "23")]
    [InlineData("gzip levels are 1 to 9", "docker://reg.example/app:v1", "--dest-compress-level", "10")]
    public void Bad_compression_flags_are_refused_with_a_reason(string reason, string destination, params string[] flags) =>
        Assert.Contains(reason, Assert.Throws<CliUsageException>(() => Apply(destination, flags)).Message, StringComparison.Ordinal);

    private static CopyOptions Apply(string destination, params string[] flags) => Apply(destination, false, flags);

    private static CopyOptions Apply(string destination, bool preserveDigests, params string[] flags)
    {
        var compression = new CompressionFlags();
        var command = new Command("copy") { new Argument<string>("SRC"), new Argument<string>("DEST") };
        compression.AddTo(command);
        var result = command.Parse(["oci:/a", destination, .. flags]);
        Assert.Empty(result.Errors);
        var options = new CopyOptions { PreserveDigests = preserveDigests };
        compression.Apply(result, options, ImageLocation.Parse(destination));
        return options;
    }
}
