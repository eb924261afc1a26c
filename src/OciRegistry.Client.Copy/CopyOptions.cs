using System.Collections.ObjectModel;
using OciRegistry.Client.Models;
using OciRegistry.Client.Referrers;

namespace OciRegistry.Client.Copy;

/// <summary>
/// Settings of a copy: parallelism, what to copy of a multi-platform image, the manifest format, retries, and layer
/// compression. Set
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
    /// config, whose bytes stay the same; layers are recompressed only as <see cref="LayerCompression"/> asks.
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

    /// <summary>
    /// Gets or sets what happens to the compression of image layers; <see cref="Copy.LayerCompression.Preserve"/> (the
    /// default) copies them as they are. A layer whose compression changes gets a new digest, size and media type, so
    /// the manifests that list it (and an index that lists those) are rewritten; the image configuration keeps its
    /// bytes, since its diff IDs are digests of the uncompressed tars, which do not change (each is checked while the
    /// layer is converted). A Docker schema 2 image whose layers become zstd is written as OCI, Docker having no zstd
    /// layer type, unless <see cref="Format"/> asks for Docker schema 2, which is then refused.
    /// </summary>
    public LayerCompression LayerCompression { get; set; }

    /// <summary>
    /// Gets or sets the algorithm <see cref="Copy.LayerCompression.Compress"/> compresses with; <see langword="null"/>
    /// (the default) compresses uncompressed layers with gzip and keeps compressed ones as they are, while a value also
    /// converts layers compressed with the other algorithm. Only with <see cref="Copy.LayerCompression.Compress"/>.
    /// </summary>
    public CompressionAlgorithm? CompressionAlgorithm { get; set; }

    /// <summary>
    /// Gets or sets the compression level; <see langword="null"/> (the default) takes the algorithm's own (gzip 6,
    /// zstd 3). From 1 to 9 for gzip, from 1 to 22 for zstd. Only with <see cref="Copy.LayerCompression.Compress"/>.
    /// </summary>
    public int? CompressionLevel { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether a copy whose top-level manifest or index is written with other bytes than
    /// the source's (converted, a platform subset, layers recompressed) records in it the source's digest and what was
    /// selected, as the annotations <see cref="CopyAnnotations.SourceDigest"/> and
    /// <see cref="CopyAnnotations.SourceSelection"/>, so that a sync recognises it as unchanged later. Only OCI manifests
    /// and indexes can carry them; a copy that keeps the source's bytes never gets them. On by default; off writes the
    /// conversion alone (so, for example, OCI converted to Docker schema 2 and back has its first digest again).
    /// </summary>
    public bool RecordSource { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether the referrers of every manifest copied (signatures, SBOMs,
    /// attestations: manifests whose subject it is, and cosign's tagged attachments), and theirs in turn, are copied
    /// too. Only where the manifest keeps its digest: the referrers of a converted manifest or a subset index are
    /// reported in <see cref="CopyResult.Referrers"/> as not copied. Off by default.
    /// </summary>
    public bool CopyReferrers { get; set; }

    /// <summary>
    /// Gets the artifact types of the referrers to copy with <see cref="CopyReferrers"/>; empty (the default) for
    /// all. They select an image's direct referrers; what refers to those is copied whatever its type.
    /// </summary>
    public Collection<string> ReferrerArtifactTypes { get; } = [];

    /// <summary>
    /// Gets the artifact types of the referrers <see cref="CopyReferrers"/> leaves behind, at every depth (a copy
    /// without signatures excludes the signature types); empty (the default) to leave none.
    /// </summary>
    public Collection<string> ExcludedReferrerArtifactTypes { get; } = [];

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

        ValidateCompression(errors);

        if (ReferrerArtifactTypes.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add($"{nameof(ReferrerArtifactTypes)} holds an empty artifact type.");
        }

        if (ReferrerArtifactTypes.Count > 0 && !CopyReferrers)
        {
            errors.Add($"{nameof(ReferrerArtifactTypes)} selects referrers to copy with {nameof(CopyReferrers)}, which is off.");
        }

        if (ExcludedReferrerArtifactTypes.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add($"{nameof(ExcludedReferrerArtifactTypes)} holds an empty artifact type.");
        }

        return errors;
    }

    private void ValidateCompression(List<string> errors)
    {
        if (!Enum.IsDefined(LayerCompression))
        {
            errors.Add($"{nameof(LayerCompression)} {LayerCompression} is not a {nameof(Copy.LayerCompression)}.");
            return;
        }

        if (CompressionAlgorithm is { } algorithm && !Enum.IsDefined(algorithm))
        {
            errors.Add($"{nameof(CompressionAlgorithm)} {algorithm} is not a {nameof(Copy.CompressionAlgorithm)}.");
            return;
        }

        if (LayerCompression != LayerCompression.Compress && (CompressionAlgorithm is not null || CompressionLevel is not null))
        {
            errors.Add($"{nameof(CompressionAlgorithm)} and {nameof(CompressionLevel)} apply when layers are compressed ({nameof(LayerCompression)} = {nameof(Copy.LayerCompression.Compress)}); it is {LayerCompression}.");
        }

        var (lowest, highest) = CompressionAlgorithm == Copy.CompressionAlgorithm.Zstd ? (1, 22) : (1, 9);
        if (CompressionLevel is { } level && (level < lowest || level > highest))
        {
            errors.Add($"{nameof(CompressionLevel)} must be from {lowest} to {highest} for {CompressionAlgorithm ?? Copy.CompressionAlgorithm.Gzip}; it is {level}.");
        }
    }

    /// <summary>
    /// Sets every option of <paramref name="target"/> to this one's value, collections included (added to what the
    /// target holds), so that options carried into another operation (a sync's copies) lose none.
    /// </summary>
    internal void CopyTo(CopyOptions target)
    {
        target.MaxConcurrentBlobs = MaxConcurrentBlobs;
        target.MultiArch = MultiArch;
        target.SystemPlatform = SystemPlatform;
        target.Format = Format;
        target.PreserveDigests = PreserveDigests;
        target.RetryTimes = RetryTimes;
        target.RetryDelay = RetryDelay;
        target.LayerCompression = LayerCompression;
        target.CompressionAlgorithm = CompressionAlgorithm;
        target.CompressionLevel = CompressionLevel;
        target.RecordSource = RecordSource;
        target.CopyReferrers = CopyReferrers;
        AddAll(target.Platforms, Platforms);
        AddAll(target.ReferrerArtifactTypes, ReferrerArtifactTypes);
        AddAll(target.ExcludedReferrerArtifactTypes, ExcludedReferrerArtifactTypes);

        static void AddAll<T>(Collection<T> to, Collection<T> items)
        {
            foreach (var item in items)
            {
                to.Add(item);
            }
        }
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
            RetryDelay)
        {
            LayerCompression = LayerCompression,
            CompressionAlgorithm = CompressionAlgorithm,
            CompressionLevel = CompressionLevel,
            RecordSource = RecordSource,
            Referrers = CopyReferrers ? new ReferrerFilter { ArtifactTypes = [.. ReferrerArtifactTypes], ExcludedArtifactTypes = [.. ExcludedReferrerArtifactTypes] } : null,
        };
    }
}
