using System.Collections.ObjectModel;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy;

/// <summary>
/// Settings of a copy: parallelism, what to copy of a multi-platform image, the manifest format, and retries. Set
/// the defaults with <c>builder.AddCopyEngine(o => …)</c>, or pass an instance to one
/// <c>ImageCopier.CopyAsync</c> call. A copy takes a snapshot of the options when it starts and validates it;
/// changing them later does not affect it.
/// </summary>
public sealed class CopyOptions
{
    /// <summary>The most blobs transferred at once by default: 6.</summary>
    public const int DefaultMaxConcurrentBlobs = 6;

    /// <summary>The retries of a blob by default: 3.</summary>
    public const int DefaultRetryTimes = 3;

    /// <summary>
    /// Gets or sets how many blobs are checked, mounted or transferred at once, across every instance of an index.
    /// From 1 to 256; 6 by default.
    /// </summary>
    public int MaxConcurrentBlobs { get; set; } = DefaultMaxConcurrentBlobs;

    /// <summary>Gets or sets what to copy when the source is an index; <see cref="MultiArchMode.System"/> by default.</summary>
    public MultiArchMode MultiArch { get; set; } = MultiArchMode.System;

    /// <summary>
    /// Gets the platforms to copy with <see cref="MultiArchMode.All"/>: when not empty, only the
    /// instances matching one of them are copied and a new index listing only those is written, so its digest changes
    /// (unless every instance matches). Every platform listed must match at least one instance.
    /// </summary>
    public Collection<Platform> Platforms { get; } = [];

    /// <summary>
    /// Gets or sets the platform <see cref="MultiArchMode.System"/> picks; by default the running one (its
    /// architecture mapped to OCI names, and <c>linux</c> on every OS but Windows).
    /// </summary>
    public Platform? SystemPlatform { get; set; }

    /// <summary>
    /// Gets or sets the manifest format to write; <see langword="null"/> (the default) writes the source's manifest
    /// bytes unchanged. Converting rewrites manifests and indexes (their digests change) and the media type of the
    /// config, whose bytes stay the same; layers are never recompressed.
    /// </summary>
    public ManifestFormat? Format { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether any change of a manifest's bytes is refused: a format conversion or a platform subset then fails the copy before any blob moves.
    /// </summary>
    public bool PreserveDigests { get; set; }

    /// <summary>
    /// Gets or sets how many times a blob is tried again after a transient failure (a network error, 408, 429, 5xx):
    /// a dropped source read resumes at the offset reached, as often; a failed upload restarts the blob. From 0 to
    /// 100; 3 by default.
    /// </summary>
    public int RetryTimes { get; set; } = DefaultRetryTimes;

    /// <summary>
    /// Gets or sets the delay before the first retry of a blob; it doubles with each further retry. A registry's
    /// <c>Retry-After</c> takes its place when given. From zero to one hour; 1 second by default.
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Lists what is wrong with the options, if anything.</summary>
    /// <returns>The problems, each naming the option; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxConcurrentBlobs is < 1 or > 256)
        {
            errors.Add($"{nameof(MaxConcurrentBlobs)} must be from 1 to 256; it is {MaxConcurrentBlobs}.");
        }

        if (RetryTimes is < 0 or > 100)
        {
            errors.Add($"{nameof(RetryTimes)} must be from 0 to 100; it is {RetryTimes}.");
        }

        if (RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromHours(1))
        {
            errors.Add($"{nameof(RetryDelay)} must be from zero to one hour; it is {RetryDelay}.");
        }

        if (!Enum.IsDefined(MultiArch))
        {
            errors.Add($"{nameof(MultiArch)} {MultiArch} is not a {nameof(MultiArchMode)}.");
        }

        if (Format is { } format && !Enum.IsDefined(format))
        {
            errors.Add($"{nameof(Format)} {format} is not a {nameof(ManifestFormat)}.");
        }

        if (Platforms.Count > 0 && MultiArch != MultiArchMode.All)
        {
            errors.Add($"{nameof(Platforms)} selects instances of an index with {nameof(MultiArch)} = {nameof(MultiArchMode.All)}; it is {MultiArch}.");
        }

        if (Platforms.Any(p => p is null))
        {
            errors.Add($"{nameof(Platforms)} holds a null platform.");
        }

        return errors;
    }

    /// <summary>Validates the options and takes an immutable snapshot of them for one copy.</summary>
    internal CopySettings Snapshot()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid copy options: " + string.Join(" ", errors), "options");
        }

        return new CopySettings(
            MaxConcurrentBlobs,
            MultiArch,
            [.. Platforms],
            SystemPlatform ?? SystemPlatforms.Current,
            Format,
            PreserveDigests,
            RetryTimes,
            RetryDelay);
    }
}
