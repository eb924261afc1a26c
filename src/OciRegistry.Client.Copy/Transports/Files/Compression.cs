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
}

/// <summary>Detects compression by magic bytes, as containers/image does, rather than trusting media types.</summary>
internal static class Compression
{
    /// <summary>Classifies a stream by its first bytes.</summary>
    /// <param name="head">Up to the first four bytes.</param>
    /// <returns>The compression found.</returns>
    public static CompressionKind Detect(ReadOnlySpan<byte> head) => head switch
    {
        [0x1f, 0x8b, ..] => CompressionKind.Gzip,
        [0x28, 0xb5, 0x2f, 0xfd, ..] => CompressionKind.Zstd,
        _ => CompressionKind.None,
    };

    /// <summary>Classifies a seekable stream by its first bytes and rewinds it.</summary>
    /// <param name="stream">A readable, seekable stream at position 0.</param>
    /// <returns>The compression found.</returns>
    public static CompressionKind Detect(Stream stream)
    {
        Span<byte> head = stackalloc byte[4];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        return Detect(head[..read]);
    }
}
