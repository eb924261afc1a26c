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
    /// <summary>Gets which referrers to copy, or <see langword="null"/> to copy none.</summary>
    public ReferrerFilter? Referrers { get; init; }
}
