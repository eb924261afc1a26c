using System.CommandLine;
using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Copy;

namespace OciRegistry.Client.Cli.Options;

/// <summary>
/// The layer compression flags of <c>copy</c>, with skopeo's names, and the rules by which skopeo (containers/image)
/// applies them per destination transport: a registry and an OCI layout want compressed layers, a <c>dir:</c> keeps
/// them as they are unless told, a docker archive stores them uncompressed.
/// </summary>
internal sealed class CompressionFlags
{
    /// <summary>Gets <c>--dest-compress</c>.</summary>
    public Option<bool> Compress { get; } = BooleanOption.Create(
        "--dest-compress", "Compress tarball image layers when saving to directory using the 'dir' transport. (default is same compression type as source)");

    /// <summary>Gets <c>--dest-decompress</c>.</summary>
    public Option<bool> Decompress { get; } = BooleanOption.Create(
        "--dest-decompress", "Decompress tarball image layers when saving to directory using the 'dir' transport. (default is same compression type as source)");

    /// <summary>Gets <c>--dest-compress-format</c>.</summary>
    public Option<string> Format { get; } = new("--dest-compress-format") { Description = "FORMAT to use for the compression (gzip, zstd)", HelpName = "FORMAT" };

    /// <summary>Gets <c>--dest-compress-level</c>.</summary>
    public Option<int?> Level { get; } = new("--dest-compress-level") { Description = "LEVEL to use for the compression", HelpName = "LEVEL" };

    /// <summary>Gets <c>--dest-oci-accept-uncompressed-layers</c>.</summary>
    public Option<bool> OciAcceptUncompressedLayers { get; } = BooleanOption.Create(
        "--dest-oci-accept-uncompressed-layers",
        "Allow uncompressed image layers when saving to an OCI image using the 'oci' transport. (default is to compress things that aren't compressed)");

    /// <summary>Adds the flags to the verb.</summary>
    /// <param name="command">The verb.</param>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Add(Compress);
        command.Add(Decompress);
        command.Add(Format);
        command.Add(Level);
        command.Add(OciAcceptUncompressedLayers);
    }

    /// <summary>Sets the layer compression of <paramref name="options"/> for a copy to <paramref name="destination"/>.</summary>
    /// <param name="result">The parse result.</param>
    /// <param name="options">The copy's options; <see cref="CopyOptions.PreserveDigests"/> already read.</param>
    /// <param name="destination">Where the copy writes.</param>
    /// <exception cref="CliUsageException">The flags contradict each other or a value is invalid.</exception>
    public void Apply(ParseResult result, CopyOptions options, ImageLocation destination)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(destination);
        var compress = result.GetValue(Compress);
        var decompress = result.GetValue(Decompress);
        if (compress && decompress && destination.Transport == ImageTransport.Directory)
        {
            throw new CliUsageException($"initializing destination {destination}: Cannot compress and decompress at the same time");
        }

        CompressionAlgorithm? algorithm = result.GetValue(Format) is { } format ? ParseFormat(format) : null;
        var level = result.GetValue(Level);
        var explicitly = compress || decompress || algorithm is not null || level is not null;

        // skopeo cannot change a layer when digests are preserved; asked explicitly, the copy says why it refuses.
        if (options.PreserveDigests && !explicitly)
        {
            return;
        }

        options.LayerCompression = destination.Transport switch
        {
            ImageTransport.Registry => LayerCompression.Compress,
            ImageTransport.OciLayout or ImageTransport.OciArchive => result.GetValue(OciAcceptUncompressedLayers) ? LayerCompression.Preserve : LayerCompression.Compress,
            ImageTransport.Directory => compress ? LayerCompression.Compress : decompress ? LayerCompression.Decompress : LayerCompression.Preserve,
            _ => LayerCompression.Preserve,
        };

        if (options.LayerCompression == LayerCompression.Compress)
        {
            options.CompressionAlgorithm = algorithm;
            options.CompressionLevel = level;
            var (lowest, highest) = algorithm == CompressionAlgorithm.Zstd ? (1, 22) : (1, 9);
            if (level is { } value && (value < lowest || value > highest))
            {
                throw new CliUsageException(
                    $"invalid argument \"{value}\" for \"--dest-compress-level\" flag: {(algorithm == CompressionAlgorithm.Zstd ? "zstd" : "gzip")} levels are {lowest} to {highest}");
            }
        }
    }

    /// <summary>Parses <c>--dest-compress-format</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The algorithm.</returns>
    internal static CompressionAlgorithm ParseFormat(string value) => value switch
    {
        "gzip" => CompressionAlgorithm.Gzip,
        "zstd" => CompressionAlgorithm.Zstd,
        "zstd:chunked" => throw new CliUsageException(
            "the compression format zstd:chunked is not supported by ocireg: it needs a per-file table of contents that ocireg does not write; use zstd, which every reader of zstd:chunked also reads"),
        _ => throw new CliUsageException($"cannot find compressor for \"{value}\""),
    };
}
