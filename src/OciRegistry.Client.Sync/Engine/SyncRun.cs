using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OciRegistry.Client.Content;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Copy.Transports;
using OciRegistry.Client.Http;
using OciRegistry.Client.Models;
using OciRegistry.Client.Sync.Planning;
using OciRegistry.Client.Sync.Reports;

namespace OciRegistry.Client.Sync.Engine;

/// <summary>
/// One sync over a planned work list: at most <see cref="SyncSettings.MaxConcurrentImages"/> images at once; per
/// image, look the destination up and skip the image when it already has the source's digest, else copy it through
/// the engine with the run's <see cref="BlobLedger"/>. Without keep-going the first failure cancels the rest.
/// </summary>
/// <remarks>
/// The look-up costs one round trip: the source's HEAD and the destination's HEAD (or the directory's manifest) are
/// sent together. When the copy may rewrite the top-level manifest (a format, a platform subset, a change of layer
/// compression), the destination's manifest is read by GET instead, and one that records the source's digest and the
/// same selection (<see cref="CopyAnnotations"/>) is unchanged too. A registry repository that receives several tagged images is listed once
/// (<see cref="DestinationTags"/>); a tag it does not list is known to be absent, so neither HEAD is sent for that
/// image: the copy reads the source manifest by tag (the one GET a copy needs anyway). An image the destination does
/// not have (not listed, or its HEAD answered 404) has its small blobs sent without a HEAD (see
/// <see cref="LedgeredDestination"/>).
/// </remarks>
internal sealed class SyncRun(
    OciRegistryClient client,
    ImageCopier copier,
    SyncSettings settings,
    IProgress<SyncProgressEvent>? progress,
    SyncReportWriter? report,
    ILogger logger)
{
    private readonly BlobLedger _ledger = new(settings.MaxConcurrentBlobs);
    private readonly PullBudgetGuard? _budget = settings.MinRemainingPulls is { } minimum ? new PullBudgetGuard(client, minimum) : null;
    private readonly ImageOpener _opener = new([client, new FileImageOpener()]);

    // Null when nothing is listed (no change detection): every image is then looked up by HEAD or copied.
    private DestinationTags? _destinationTags;

    /// <summary>
    /// Syncs the images and returns what happened to each one that was looked at, in work-list order, and, when the
    /// run stopped at a failure without keep-going, that image's result (the images cut short by it are left out).
    /// </summary>
    public async Task<(SyncImageResult[] Images, SyncImageResult? StoppedAt)> RunAsync(IReadOnlyList<SyncWorkItem> items, CancellationToken cancellationToken)
    {
        var results = new SyncImageResult?[items.Count];
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _destinationTags = settings.SkipUnchanged ? new DestinationTags(client, items, i => settings.IsImmutable(i.From.RegistryReference?.Tag), logger, cancellation.Token) : null;
        Exception? firstFailure = null;
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, items.Count),
                new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrentImages, CancellationToken = cancellation.Token },
                async (i, token) =>
                {
                    var result = await SyncImageAsync(items[i], new Place(i + 1, items.Count), token).ConfigureAwait(false);
                    results[i] = result;
                    if (result.Status == SyncImageStatus.Failed && !settings.KeepGoing
                        && Interlocked.CompareExchange(ref firstFailure, result.Error, null) is null)
                    {
                        await cancellation.CancelAsync().ConfigureAwait(false);
                    }
                }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (firstFailure is not null && !cancellationToken.IsCancellationRequested)
        {
            // The images cut short by the first failure; it is reported below.
        }

        if (firstFailure is not null)
        {
            var failed = Array.Find(results, r => r?.Status == SyncImageStatus.Failed && ReferenceEquals(r.Error, firstFailure))!;
            return ([.. results.Where(r => r is not null).Select(r => r!)], failed);
        }

        return ([.. results.Select(r => r!)], null);
    }

    private async Task<SyncImageResult> SyncImageAsync(SyncWorkItem item, Place place, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (_budget is { Stopped: true })
        {
            return Defer(place, item, null, started);
        }

        Report(place, SyncProgressKind.ImageStarted, item, null);
        Digest? sourceDigest = null;
        try
        {
            var opened = await _opener.OpenSourceAsync(item.From, cancellationToken).ConfigureAwait(false);
            await using var release = opened.ConfigureAwait(false);
            var source = opened.Source;
            if (await IsTrustedAsync(item, cancellationToken).ConfigureAwait(false))
            {
                SyncLog.ImageTrusted(logger, item.Destination);
                return Finish(place, SyncProgressKind.ImageSkipped, item, started, new SyncImageResult
                {
                    Source = item.Source,
                    Destination = item.Destination,
                    Status = SyncImageStatus.SkippedUnchanged,
                });
            }

            var (resolved, present, absent) = await LookUpAsync(item, source, cancellationToken).ConfigureAwait(false);
            sourceDigest = resolved?.Digest;
            if (present is not null)
            {
                SyncLog.ImageUnchanged(logger, item.Destination, present);
                return Finish(place, SyncProgressKind.ImageSkipped, item, started, new SyncImageResult
                {
                    Source = item.Source,
                    Destination = item.Destination,
                    Status = SyncImageStatus.SkippedUnchanged,
                    SourceDigest = sourceDigest,
                    DestinationDigest = present,
                });
            }

            if (settings.DryRun)
            {
                SyncLog.ImageWouldCopy(logger, item.Source, item.Destination);
                return Finish(place, SyncProgressKind.ImageWouldCopy, item, started, new SyncImageResult
                {
                    Source = item.Source,
                    Destination = item.Destination,
                    Status = SyncImageStatus.WouldCopy,
                    SourceDigest = sourceDigest,
                });
            }

            var pulledFrom = _budget is null ? null : item.From.RegistryReference?.Registry;
            if (pulledFrom is not null && !_budget!.TryTake(pulledFrom))
            {
                return Defer(place, item, sourceDigest, started);
            }

            SyncLog.ImageCopying(logger, item.Source, item.Destination);
            CopyResult copy;
            try
            {
                copy = await CopyAsync(item, source, resolved, absent, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (pulledFrom is not null)
                {
                    _budget!.Return(pulledFrom);
                }
            }

            sourceDigest = copy.SourceDigest;
            return Finish(place, SyncProgressKind.ImageCopied, item, started, SyncImageResult.Copied(item.Source, item.Destination, copy));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            SyncLog.ImageFailed(logger, item.Source, e);
            return Finish(place, SyncProgressKind.ImageFailed, item, started, new SyncImageResult
            {
                Source = item.Source,
                Destination = item.Destination,
                Status = SyncImageStatus.Failed,
                SourceDigest = sourceDigest,
                Error = e,
            });
        }
    }

    /// <summary>
    /// Decides whether the image must be copied. Returns the source's descriptor when it was resolved (a HEAD; not
    /// sent when the image is copied anyway: the copy reads the manifest by tag), the destination's digest when it
    /// already holds the image, and whether the destination is known not to have the tag at all.
    /// </summary>
    private async Task<(Descriptor? Resolved, Digest? Present, bool Absent)> LookUpAsync(SyncWorkItem item, IImageSource source, CancellationToken cancellationToken)
    {
        if (item.To.Transport == ImageTransport.Directory)
        {
            var resolved = await source.ResolveAsync(item.From.SourceReference, cancellationToken).ConfigureAwait(false);
            return (resolved, await PresentInDirectoryAsync(item.To.Path!, resolved, source, cancellationToken).ConfigureAwait(false), false);
        }

        var absent = _destinationTags is not null && await _destinationTags.LacksAsync(item, cancellationToken).ConfigureAwait(false);
        if (!settings.SkipUnchanged || absent)
        {
            // Copied whatever the destination holds: only a dry run needs the source's digest before the copy.
            return (settings.DryRun ? await source.ResolveAsync(item.From.SourceReference, cancellationToken).ConfigureAwait(false) : null, null, absent);
        }

        // The two look-ups do not depend on each other: one round trip instead of two.
        // The destination is looked up by what reading it as a source would resolve: its tag or digest. When the copy
        // may rewrite the manifest, the destination's is read whole (a GET instead of the HEAD) for what it records.
        var destination = client.GetRepository(item.To.RegistryReference!, RepositoryAccess.PullPush);
        var sourceLookup = source.ResolveAsync(item.From.SourceReference, cancellationToken);
        var destinationLookup = MayRecordSource ? FetchAsync(destination, item.To.SourceReference, cancellationToken) : FindAsync(destination, item.To.SourceReference, cancellationToken);
        await Task.WhenAll((Task)sourceLookup, destinationLookup).ConfigureAwait(false);
        var resolvedSource = await sourceLookup.ConfigureAwait(false);
        var (existing, written) = await destinationLookup.ConfigureAwait(false);
        var present = existing is not null
            && (existing.Digest == resolvedSource.Digest
                || (written is not null && CopyAnnotations.IsCopyOf(written, resolvedSource, settings.Copy))
                || await IsInstanceOfAsync(existing.Digest, resolvedSource, source, cancellationToken).ConfigureAwait(false))
            ? existing.Digest
            : null;
        if (present is not null && settings.Copy.CopyReferrers && source.Description.Referrers is { } referrers
            && !await ReferrerChanges.AllPresentAsync(referrers, destination, present, new([.. settings.Copy.ReferrerArtifactTypes], [.. settings.Copy.ExcludedReferrerArtifactTypes]), cancellationToken).ConfigureAwait(false))
        {
            SyncLog.ReferrersChanged(logger, item.Destination, present);
            present = null;
        }

        return (resolvedSource, present, existing is null);
    }

    /// <summary>
    /// Whether a copy with the sync's options may write another top-level manifest than the source's and record the
    /// source in it (<see cref="CopyAnnotations"/>): a format asked for, a platform subset, or a change of layer
    /// compression. One instance picked from an index and kept as it is records nothing; <see cref="IsInstanceOfAsync"/>
    /// recognises it.
    /// </summary>
    private bool MayRecordSource =>
        settings.Copy.RecordSource
        && (settings.Copy.Format is not null
            || (settings.Copy.MultiArch == MultiArchMode.All && settings.Copy.Platforms.Count > 0)
            || settings.Copy.LayerCompression != LayerCompression.Preserve);

    private static async Task<(Descriptor? Existing, Manifest? Written)> FindAsync(RegistryRepository repository, string reference, CancellationToken cancellationToken)
    {
        try
        {
            return (await repository.ResolveAsync(reference, cancellationToken).ConfigureAwait(false), null);
        }
        catch (NotFoundException)
        {
            return (null, null);
        }
    }

    private static async Task<(Descriptor? Existing, Manifest? Written)> FetchAsync(RegistryRepository repository, string reference, CancellationToken cancellationToken)
    {
        try
        {
            var manifest = await repository.FetchManifestAsync(reference, cancellationToken).ConfigureAwait(false);
            return (manifest.Descriptor, manifest);
        }
        catch (NotFoundException)
        {
            return (null, null);
        }
    }

    /// <summary>
    /// The digest a directory destination already holds when it is the source's (or, for an index copied as one
    /// instance, one of the index's instances); <see langword="null"/> when the image must be copied. Throws when the
    /// directory is in the way.
    /// </summary>
    private async Task<Digest?> PresentInDirectoryAsync(string directory, Descriptor resolved, IImageSource source, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }

        var existing = File.Exists(Path.Combine(directory, ImageDirectory.ManifestFileName))
            ? await new ImageDirectory(directory).FetchManifestAsync(string.Empty, cancellationToken).ConfigureAwait(false)
            : null;
        if (existing is not null && settings.SkipUnchanged
            && (existing.Digest == resolved.Digest
                || (MayRecordSource && CopyAnnotations.IsCopyOf(existing, resolved, settings.Copy))
                || await IsInstanceOfAsync(existing.Digest, resolved, source, cancellationToken).ConfigureAwait(false)))
        {
            return existing.Digest;
        }

        return settings.OverwriteDirectories
            ? null
            : throw new SyncException(
                $"Refusing to overwrite destination directory \"{directory}\": it exists and does not hold {resolved.Digest}. Remove it, or allow overwriting directories.");
    }

    /// <summary>
    /// Whether the destination's digest is an instance of the source index that a copy with
    /// <see cref="MultiArchMode.System"/> would write; costs one manifest GET of the index, only when the source is an
    /// index and the digests differ.
    /// </summary>
    private async Task<bool> IsInstanceOfAsync(Digest existing, Descriptor resolved, IImageSource source, CancellationToken cancellationToken)
    {
        if (settings.Copy.MultiArch != MultiArchMode.System || !MediaTypes.IsIndex(resolved.MediaType))
        {
            return false;
        }

        var index = await source.FetchManifestAsync(resolved.Digest.ToString(), cancellationToken).ConfigureAwait(false);
        var wanted = settings.Copy.SystemPlatform;
        return index.Index?.Manifests.Any(e => e.Digest == existing && (wanted is null || (e.Platform is { } p && wanted.Matches(p)))) == true;
    }

    private async Task<CopyResult> CopyAsync(SyncWorkItem item, IImageSource source, Descriptor? resolved, bool absent, CancellationToken cancellationToken)
    {
        IProgress<CopyProgressEvent>? copyProgress = progress is null ? null : new CopyProgressForwarder(progress, item);
        // By the digest resolved, so that the image compared is the image copied; by tag when nothing was resolved.
        var reference = item.From.Transport != ImageTransport.Registry ? string.Empty : resolved?.Digest.ToString() ?? item.From.SourceReference;
        if (item.To.Transport == ImageTransport.Directory)
        {
            var directory = item.To.Path!;
            if (settings.OverwriteDirectories && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            Directory.CreateDirectory(directory);
            var target = await _opener.OpenDestinationAsync(item.To, cancellationToken).ConfigureAwait(false);
            await using (target.ConfigureAwait(false))
            {
                return await copier.CopyAsync(source, reference, target.Destination, target.Tag, settings.Copy, copyProgress, cancellationToken).ConfigureAwait(false);
            }
        }

        var repository = client.GetRepository(item.To.RegistryReference!, RepositoryAccess.PullPush);
        using var destination = new LedgeredDestination(repository, _ledger, logger) { ManifestAbsent = absent };
        return await copier.CopyAsync(source, reference, destination, item.To.DestinationTag, settings.Copy, copyProgress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether the image's tag is one the options trust never to change and the destination repository lists it: then
    /// it is unchanged without a HEAD on either side.
    /// </summary>
    private async Task<bool> IsTrustedAsync(SyncWorkItem item, CancellationToken cancellationToken) =>
        _destinationTags is not null
        && item.To.Transport == ImageTransport.Registry
        && settings.IsImmutable(item.From.RegistryReference?.Tag)
        && await _destinationTags.ListsAsync(item, cancellationToken).ConfigureAwait(false);

    private SyncImageResult Defer(Place place, SyncWorkItem item, Digest? sourceDigest, long started)
    {
        SyncLog.ImageDeferred(logger, item.Source);
        return Finish(place, SyncProgressKind.ImageDeferred, item, started, new SyncImageResult
        {
            Source = item.Source,
            Destination = item.Destination,
            Status = SyncImageStatus.Deferred,
            SourceDigest = sourceDigest,
        });
    }

    private SyncImageResult Finish(Place place, SyncProgressKind kind, SyncWorkItem item, long started, SyncImageResult result)
    {
        var timed = result.Timed(Stopwatch.GetElapsedTime(started));
        report?.Add(timed);
        Report(place, kind, item, timed);
        return timed;
    }

    private void Report(Place place, SyncProgressKind kind, SyncWorkItem item, SyncImageResult? result) =>
        progress?.Report(new SyncProgressEvent
        {
            Kind = kind, Source = item.Source, Destination = item.Destination, Result = result, Position = place.Position, Count = place.Count,
        });

    /// <summary>An image's place in the work list, for progress.</summary>
    private readonly record struct Place(int Position, int Count);

    private sealed class CopyProgressForwarder(IProgress<SyncProgressEvent> progress, SyncWorkItem item) : IProgress<CopyProgressEvent>
    {
        public void Report(CopyProgressEvent value) =>
            progress.Report(new SyncProgressEvent { Kind = SyncProgressKind.Copy, Source = item.Source, Destination = item.Destination, Copy = value });
    }
}
