namespace OciRegistry.Client.Copy.Transports;

/// <summary>How a stream is compressed, told by its first bytes.</summary>
internal enum CompressionKind
{
    /// <summary>Not compressed (or not in a format known here).</summary>
    None,

    /// <summary>gzip (<c>1f 8b</c>).</summary>
    Gzip,

    /// <summary>zstd (<c>28 b5 2f fd</c>).</summary>
    Zstd,

    /// <summary>xz (<c>fd 37 7a 58 5a 00</c>).</summary>
    Xz,

    /// <summary>bzip2 (<c>42 5a 68</c>, "BZh").</summary>
    Bzip2,
}

/// <summary>Detects compression by magic bytes, as containers/image does, rather than trusting media types or file names.</summary>
internal static class Compression
{
    /// <summary>The most bytes <see cref="Detect(ReadOnlySpan{byte})"/> looks at.</summary>
    public const int MagicLength = 6;

    /// <summary>Classifies a stream by its first bytes.</summary>
    /// <param name="head">Up to the first <see cref="MagicLength"/> bytes.</param>
    /// <returns>The compression found.</returns>
    public static CompressionKind Detect(ReadOnlySpan<byte> head) => head switch
    {
        [0x1f, 0x8b, ..] => CompressionKind.Gzip,
        [0x28, 0xb5, 0x2f, 0xfd, ..] => CompressionKind.Zstd,
        [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, ..] => CompressionKind.Xz,
        [0x42, 0x5a, 0x68, ..] => CompressionKind.Bzip2,
        _ => CompressionKind.None,
    };

    /// <summary>Classifies a seekable stream by its first bytes and rewinds it.</summary>
    /// <param name="stream">A readable, seekable stream at position 0.</param>
    /// <returns>The compression found.</returns>
    public static CompressionKind Detect(Stream stream)
    {
        Span<byte> head = stackalloc byte[MagicLength];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        return Detect(head[..read]);
    }

    /// <summary>Gets the name of a compression for messages, as the command-line tools are named.</summary>
    /// <param name="kind">The compression.</param>
    /// <returns>Its name.</returns>
    public static string Name(CompressionKind kind) => kind switch
    {
        CompressionKind.Gzip => "gzip",
        CompressionKind.Zstd => "zstd",
        CompressionKind.Xz => "xz",
        CompressionKind.Bzip2 => "bzip2",
        _ => "uncompressed",
    };
}
