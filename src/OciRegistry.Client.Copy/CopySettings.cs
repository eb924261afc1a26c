using OciRegistry.Client.Models;
using OciRegistry.Client.Referrers;

namespace OciRegistry.Client.Copy;

/// <summary>The validated, immutable snapshot of <see cref="CopyOptions"/> that one copy runs with.</summary>
internal sealed record CopySettings(
    int MaxConcurrentBlobs,
    MultiArchMode MultiArch,
    IReadOnlyList<Platform> Platforms,
    Platform SystemPlatform,
    ManifestFormat? Format,
    bool PreserveDigests,
    int RetryTimes,
    TimeSpan RetryDelay)
{
    /// <summary>Gets what happens to layer compression.</summary>
    public LayerCompression LayerCompression { get; init; }

    /// <summary>Gets the algorithm layers are compressed with, when set.</summary>
    public CompressionAlgorithm? CompressionAlgorithm { get; init; }

    /// <summary>Gets the compression level, when set.</summary>
    public int? CompressionLevel { get; init; }

    /// <summary>Gets a value indicating whether a rewritten top-level manifest records its source (<see cref="CopyAnnotations"/>).</summary>
    public bool RecordSource { get; init; } = true;

    /// <summary>Gets which referrers to copy, or <see langword="null"/> to copy none.</summary>
    public ReferrerFilter? Referrers { get; init; }
}
