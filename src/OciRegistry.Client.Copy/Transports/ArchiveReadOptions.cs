namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// How an archive source (<see cref="OciArchiveSource"/>, <see cref="DockerArchiveSource"/>) treats compressed
/// content: how far a compressed stream (gzip, zstd, xz or bzip2) may expand before the archive is refused as a
/// decompression bomb.
/// </summary>
/// <remarks>
/// Neither format declares an uncompressed size ahead of the data (a docker archive's <c>manifest.json</c> has no
/// sizes, and an OCI layout's <c>index.json</c> sits inside the compressed stream), so what a compressed stream may
/// become is bounded by its own compressed size: at most <see cref="MaxDecompressionRatio"/> times that size, or
/// <see cref="MinDecompressionLimit"/>, whichever is larger. The bound applies to a whole compressed archive
/// (decompressed once into an unnamed temporary file) and to each compressed layer file inside a docker archive. An
/// archive that is larger once decompressed can be read after decompressing it (<c>gzip -d</c>, <c>xz -d</c>, …):
/// an uncompressed tar is read in place.
/// </remarks>
public sealed class ArchiveReadOptions
{
    /// <summary>The default <see cref="MaxDecompressionRatio"/>: 100.</summary>
    public const int DefaultMaxDecompressionRatio = 100;

    /// <summary>The default <see cref="MinDecompressionLimit"/>: 256 MiB.</summary>
    public const long DefaultMinDecompressionLimit = 256L * 1024 * 1024;

    private readonly int _maxDecompressionRatio = DefaultMaxDecompressionRatio;
    private readonly long _minDecompressionLimit = DefaultMinDecompressionLimit;

    /// <summary>Gets the defaults.</summary>
    public static ArchiveReadOptions Default { get; } = new();

    /// <summary>
    /// Gets how many times its compressed size a compressed stream may decompress to; at least 1, 100 by default
    /// (container layers typically expand 2 to 10 times).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxDecompressionRatio
    {
        get => _maxDecompressionRatio;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxDecompressionRatio = value;
        }
    }

    /// <summary>
    /// Gets the decompressed size always allowed, whatever the ratio, so that a small archive of highly compressible
    /// content is read; 0 or more, 256 MiB by default.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public long MinDecompressionLimit
    {
        get => _minDecompressionLimit;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _minDecompressionLimit = value;
        }
    }

    /// <summary>The most bytes a compressed stream of <paramref name="compressedSize"/> bytes may decompress to.</summary>
    /// <param name="compressedSize">The compressed size.</param>
    /// <returns>The limit.</returns>
    internal long DecompressionLimitFor(long compressedSize) =>
        compressedSize > (long.MaxValue - 1) / MaxDecompressionRatio
            ? long.MaxValue
            : Math.Max(MinDecompressionLimit, compressedSize * MaxDecompressionRatio);
}
