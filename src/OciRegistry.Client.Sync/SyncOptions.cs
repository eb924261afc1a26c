using OciRegistry.Client.Copy;

namespace OciRegistry.Client.Sync;

/// <summary>
/// Settings of a sync: how destination names are formed (<see cref="Scoped"/>, <see cref="AppendSuffix"/>), what
/// is selected (tag filters, a shard), how many images and blobs move at once, and what a failure does. Set the
/// defaults with <c>builder.AddSync(o => …)</c>, or pass an instance to one <see cref="ImageSyncer.SyncAsync"/> call;
/// a sync validates them and takes a snapshot when it starts.
/// </summary>
public sealed class SyncOptions
{
    /// <summary>The images copied at once by default: 4.</summary>
    public const int DefaultMaxConcurrentImages = 4;

    /// <summary>
    /// The blob transfers in flight at once across all images of a sync by default: 6, as in one copy
    /// (<see cref="CopyOptions.DefaultMaxConcurrentBlobs"/>).
    /// </summary>
    public const int DefaultMaxConcurrentBlobs = 6;

    /// <summary>
    /// Gets or sets a value indicating whether destination names keep the whole source reference:
    /// <c>DEST/registry.example/team/app:1.0</c> instead of <c>DEST/app:1.0</c>.
    /// </summary>
    public bool Scoped { get; set; }

    /// <summary>Gets or sets a suffix appended to every destination tag; images named by digest get none.</summary>
    public string? AppendSuffix { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether nothing is written: the images that would be copied are reported as
    /// <see cref="SyncImageStatus.WouldCopy"/>; no blob, manifest, file or directory is written. Sources and destinations
    /// are still read (tag lists, HEAD requests).
    /// </summary>
    public bool DryRun { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether a failed image lets the others go on; the result lists every failure.
    /// Without it the first failure cancels the sync and is thrown.
    /// </summary>
    public bool KeepGoing { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether an image whose destination manifest already has the source's digest
    /// (found with one HEAD on each side) is skipped without touching its blobs; on by default.
    /// </summary>
    public bool SkipUnchanged { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether a directory destination that exists and does not hold the same image
    /// may be overwritten; without this a sync refuses to overwrite it.
    /// </summary>
    public bool OverwriteDirectories { get; set; }

    /// <summary>Gets or sets how many images are copied at once; from 1 to 64, 4 by default.</summary>
    public int MaxConcurrentImages { get; set; } = DefaultMaxConcurrentImages;

    /// <summary>
    /// Gets or sets how many blob uploads are in flight at once across every image of the sync; from 1 to 256, 6 by
    /// default. Each copy is further bounded by <see cref="CopyOptions.MaxConcurrentBlobs"/> of <see cref="Copy"/>.
    /// </summary>
    public int MaxConcurrentBlobs { get; set; } = DefaultMaxConcurrentBlobs;

    /// <summary>
    /// Gets or sets a .NET regular expression a tag must match to be synced (unanchored, as the
    /// <c>images-by-tag-regex</c> of a sync YAML file). Applies to tags listed from a repository, not to tags named
    /// explicitly.
    /// </summary>
    public string? IncludeTagRegex { get; set; }

    /// <summary>Gets or sets a regular expression whose matching tags are not synced; applied after <see cref="IncludeTagRegex"/>.</summary>
    public string? ExcludeTagRegex { get; set; }

    /// <summary>
    /// Gets or sets the part of the work this process does (shard K of N): only images whose source reference
    /// hashes to it. N processes with shards 0/N … N-1/N together sync every image exactly once.
    /// </summary>
    public SyncShard? Shard { get; set; }

    /// <summary>
    /// Gets or sets a regular expression (unanchored; anchor it, as in <c>^v?\d+\.\d+\.\d+$</c>) naming tags that
    /// never change once pushed: such a tag that the destination repository lists is taken as unchanged without a HEAD
    /// on either side, so a re-sync of N of them costs one tag listing per repository. A tag the source moved is then
    /// not noticed; only tags released once and never re-pushed belong here.
    /// </summary>
    public string? ImmutableTagRegex { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether destination tags that no longer exist at the source are deleted, in the
    /// repositories this sync lists at the source (a whole repository, a tag pattern or version range of a YAML file,
    /// or every repository of a registry), before the images are copied. Tags starting with <c>sha256-</c> (signatures
    /// and referrer fallback tags) are never deleted, nor tags without <see cref="AppendSuffix"/>. A dry run reports
    /// the tags it would delete first. Needs a registry destination.
    /// </summary>
    public bool Prune { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether, with <see cref="Prune"/>, a manifest left with no tag by the deletion is
    /// deleted too (on registries that delete a tag alone; those that delete only by digest remove the manifest with
    /// its last tag anyway).
    /// </summary>
    public bool PruneUntagged { get; set; }

    /// <summary>
    /// Gets or sets the most tags <see cref="Prune"/> deletes in one repository; a repository with more to delete is
    /// left untouched and reported failed. <see langword="null"/> (the default) allows a tenth of the repository's
    /// tags, at least one.
    /// </summary>
    public int? PruneMax { get; set; }

    /// <summary>
    /// Gets or sets a .NET regular expression (unanchored) a repository must match, relative to the namespace, to be
    /// synced when a whole registry or namespace is read through its catalog.
    /// </summary>
    public string? IncludeRepositoryRegex { get; set; }

    /// <summary>Gets or sets a regular expression whose matching repositories are not synced from a catalog; applied after <see cref="IncludeRepositoryRegex"/>.</summary>
    public string? ExcludeRepositoryRegex { get; set; }

    /// <summary>
    /// Gets or sets the pull budget to keep at a source registry: when the <c>RateLimit-Remaining</c> it announced on
    /// manifest GETs, less the images being copied, would drop below this, no further image is started; those left
    /// are reported <see cref="SyncImageStatus.Deferred"/> and the sync does not succeed. <see langword="null"/> (the
    /// default) ignores the budget. Change detection stays by HEAD, which Docker Hub does not count.
    /// </summary>
    public long? MinRemainingPulls { get; set; }

    /// <summary>
    /// Gets or sets a file the sync writes its report to (JSON, schema <see cref="SyncReport.Schema"/>): the run's
    /// start and end, its options, one entry per image as it finishes, the pull budgets seen and the totals. Written
    /// as the sync goes, so a run that stops still leaves a readable report; <see langword="null"/> for none.
    /// </summary>
    public string? ReportPath { get; set; }

    /// <summary>
    /// Gets the options of each image copy: <see cref="CopyOptions.MultiArch"/> (every instance of an index with
    /// <see cref="MultiArchMode.All"/>), platforms, <see cref="CopyOptions.Format"/>,
    /// <see cref="CopyOptions.PreserveDigests"/>, retries.
    /// </summary>
    public CopyOptions Copy { get; } = new();

    /// <summary>Lists what is wrong with the options, if anything.</summary>
    /// <returns>The problems, each naming the option; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxConcurrentImages is < 1 or > 64)
        {
            errors.Add($"{nameof(MaxConcurrentImages)} must be from 1 to 64; it is {MaxConcurrentImages}.");
        }

        if (MaxConcurrentBlobs is < 1 or > 256)
        {
            errors.Add($"{nameof(MaxConcurrentBlobs)} must be from 1 to 256; it is {MaxConcurrentBlobs}.");
        }

        if (AppendSuffix is { Length: > 0 } suffix && !ImageReference.IsValidTag("x" + suffix))
        {
            errors.Add($"{nameof(AppendSuffix)} \"{suffix}\" cannot be part of a tag (letters, digits, '.', '_', '-').");
        }

        if (PruneUntagged && !Prune)
        {
            errors.Add($"{nameof(PruneUntagged)} needs {nameof(Prune)}.");
        }

        if (PruneMax is < 0)
        {
            errors.Add($"{nameof(PruneMax)} must not be negative; it is {PruneMax}.");
        }

        if (MinRemainingPulls is < 0)
        {
            errors.Add($"{nameof(MinRemainingPulls)} must not be negative; it is {MinRemainingPulls}.");
        }

        foreach (var (name, pattern) in new[]
        {
            (nameof(IncludeTagRegex), IncludeTagRegex), (nameof(ExcludeTagRegex), ExcludeTagRegex), (nameof(ImmutableTagRegex), ImmutableTagRegex),
            (nameof(IncludeRepositoryRegex), IncludeRepositoryRegex), (nameof(ExcludeRepositoryRegex), ExcludeRepositoryRegex),
        })
        {
            if (pattern is not null && !Filters.TagPattern.TryCreate(pattern, out _, out var error))
            {
                errors.Add($"{name} \"{pattern}\" is not a valid regular expression: {error}");
            }
        }

        errors.AddRange(Copy.Validate().Select(e => $"{nameof(Copy)}.{e}"));
        return errors;
    }

    /// <summary>Validates the options and takes an immutable snapshot of them for one sync.</summary>
    internal SyncSettings Snapshot()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid sync options: " + string.Join(" ", errors), "options");
        }

        var copy = new CopyOptions();
        Copy.CopyTo(copy);

        return new SyncSettings(
            Scoped,
            AppendSuffix ?? string.Empty,
            DryRun,
            KeepGoing,
            SkipUnchanged,
            OverwriteDirectories,
            MaxConcurrentImages,
            MaxConcurrentBlobs,
            IncludeTagRegex is null ? null : Filters.TagPattern.Create(IncludeTagRegex),
            ExcludeTagRegex is null ? null : Filters.TagPattern.Create(ExcludeTagRegex),
            Shard,
            copy)
        {
            Immutable = Pattern(ImmutableTagRegex),
            Prune = Prune,
            PruneUntagged = PruneUntagged,
            PruneMax = PruneMax,
            IncludeRepositories = Pattern(IncludeRepositoryRegex),
            ExcludeRepositories = Pattern(ExcludeRepositoryRegex),
            MinRemainingPulls = MinRemainingPulls,
            ReportPath = ReportPath,
            Recorded = Reports.SyncReportOptions.From(this),
        };

        static Filters.TagPattern? Pattern(string? text) => text is null ? null : Filters.TagPattern.Create(text);
    }
}
