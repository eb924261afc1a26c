using Microsoft.Extensions.Logging;
using OciRegistry.Client.Content;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Copy.Transports;
using OciRegistry.Client.Http;
using OciRegistry.Client.Models;
using OciRegistry.Client.Progress;
using OciRegistry.Client.Sync.Planning;

namespace OciRegistry.Client.Sync.Engine;

/// <summary>
/// One sync over a planned work list: at most <see cref="SyncSettings.MaxConcurrentImages"/> images at once; per
/// image, resolve the source (a HEAD), look the destination up (a HEAD, or the directory's manifest) and skip it when
/// it already has that digest, else copy it through the engine with the run's <see cref="BlobLedger"/>. Without
/// keep-going the first failure cancels the rest.
/// </summary>
internal sealed class SyncRun(
    OciRegistryClient client,
    ImageCopier copier,
    SyncSettings settings,
    IProgress<SyncProgressEvent>? progress,
    ILogger logger)
{
    private const string ManifestFile = "manifest.json";

    private readonly BlobLedger _ledger = new(settings.MaxConcurrentBlobs);

    public async Task<SyncImageResult[]> RunAsync(IReadOnlyList<SyncWorkItem> items, CancellationToken cancellationToken)
    {
        var results = new SyncImageResult?[items.Count];
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? firstFailure = null;
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, items.Count),
                new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrentImages, CancellationToken = cancellation.Token },
                async (i, token) =>
                {
                    var result = await SyncImageAsync(items[i], token).ConfigureAwait(false);
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
            throw new SyncException($"Error copying {failed.Source}: {firstFailure.Message}", firstFailure)
            {
                Result = new SyncResult { Images = [.. results.Where(r => r is not null).Select(r => r!)], Sources = 0 },
            };
        }

        return [.. results.Select(r => r!)];
    }

    private async Task<SyncImageResult> SyncImageAsync(SyncWorkItem item, CancellationToken cancellationToken)
    {
        Report(SyncProgressKind.ImageStarted, item, null);
        Digest? sourceDigest = null;
        try
        {
            var source = item.SourceImage is { } image
                ? (IImageSource)client.GetRepository(image, RepositoryAccess.Pull)
                : new ImageDirectory(item.SourceDirectory!);
            var resolved = await source.ResolveAsync(item.SourceReference, cancellationToken).ConfigureAwait(false);
            sourceDigest = resolved.Digest;

            var present = await PresentAsync(item, resolved, source, cancellationToken).ConfigureAwait(false);
            if (present is not null)
            {
                SyncLog.ImageUnchanged(logger, item.Destination, present);
                return Finish(SyncProgressKind.ImageSkipped, item, new SyncImageResult
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
                return Finish(SyncProgressKind.ImageWouldCopy, item, new SyncImageResult
                {
                    Source = item.Source,
                    Destination = item.Destination,
                    Status = SyncImageStatus.WouldCopy,
                    SourceDigest = sourceDigest,
                });
            }

            SyncLog.ImageCopying(logger, item.Source, item.Destination);
            var copy = await CopyAsync(item, source, resolved, cancellationToken).ConfigureAwait(false);
            return Finish(SyncProgressKind.ImageCopied, item, new SyncImageResult
            {
                Source = item.Source,
                Destination = item.Destination,
                Status = SyncImageStatus.Copied,
                SourceDigest = sourceDigest,
                DestinationDigest = copy.Manifest.Digest,
                Copy = copy,
            });
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            SyncLog.ImageFailed(logger, item.Source, e);
            return Finish(SyncProgressKind.ImageFailed, item, new SyncImageResult
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
    /// The digest the destination already holds for this image when it is the source's (or, for an index copied as
    /// one instance, one of the index's instances); <see langword="null"/> when the image must be copied. Throws when
    /// a directory destination is in the way.
    /// </summary>
    private async Task<Digest?> PresentAsync(SyncWorkItem item, Descriptor resolved, IImageSource source, CancellationToken cancellationToken)
    {
        Descriptor? existing;
        if (item.DestinationDirectory is { } directory)
        {
            if (!Directory.Exists(directory))
            {
                return null;
            }

            existing = File.Exists(Path.Combine(directory, ManifestFile))
                ? await new ImageDirectory(directory).ResolveAsync(string.Empty, cancellationToken).ConfigureAwait(false)
                : null;
            if (existing is not null && settings.SkipUnchanged
                && (existing.Digest == resolved.Digest || await IsInstanceOfAsync(existing.Digest, resolved, source, cancellationToken).ConfigureAwait(false)))
            {
                return existing.Digest;
            }

            return settings.OverwriteDirectories
                ? null
                : throw new SyncException(
                    $"Refusing to overwrite destination directory \"{directory}\": it exists and does not hold {resolved.Digest}. Remove it, or allow overwriting directories.");
        }

        if (!settings.SkipUnchanged)
        {
            return null;
        }

        var destination = client.GetRepository(item.DestinationImage!, RepositoryAccess.PullPush);
        try
        {
            existing = await destination.ResolveAsync(item.DestinationReference!, cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            return null;
        }

        return existing.Digest == resolved.Digest || await IsInstanceOfAsync(existing.Digest, resolved, source, cancellationToken).ConfigureAwait(false)
            ? existing.Digest
            : null;
    }

    /// <summary>
    /// Whether the destination's digest is an instance of the source index that a copy without <c>--all</c> would
    /// write; costs one manifest GET of the index, only when the source is an index and the digests differ.
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

    private async Task<CopyResult> CopyAsync(SyncWorkItem item, IImageSource source, Descriptor resolved, CancellationToken cancellationToken)
    {
        IProgress<CopyProgressEvent>? copyProgress = progress is null ? null : new CopyProgressForwarder(progress, item);
        var reference = item.SourceImage is null ? string.Empty : resolved.Digest.ToString();
        if (item.DestinationDirectory is { } directory)
        {
            if (settings.OverwriteDirectories && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            Directory.CreateDirectory(directory);
            using var target = new ImageDirectory(directory);
            return await copier.CopyAsync(source, reference, target, null, settings.Copy, copyProgress, cancellationToken).ConfigureAwait(false);
        }

        var repository = client.GetRepository(item.DestinationImage!, RepositoryAccess.PullPush);
        using var destination = new LedgeredDestination(repository, _ledger, logger);
        return await copier.CopyAsync(source, reference, destination, item.DestinationTag, settings.Copy, copyProgress, cancellationToken).ConfigureAwait(false);
    }

    private SyncImageResult Finish(SyncProgressKind kind, SyncWorkItem item, SyncImageResult result)
    {
        Report(kind, item, result);
        return result;
    }

    private void Report(SyncProgressKind kind, SyncWorkItem item, SyncImageResult? result) =>
        progress?.Report(new SyncProgressEvent { Kind = kind, Source = item.Source, Destination = item.Destination, Result = result });

    private sealed class CopyProgressForwarder(IProgress<SyncProgressEvent> progress, SyncWorkItem item) : IProgress<CopyProgressEvent>
    {
        public void Report(CopyProgressEvent value) =>
            progress.Report(new SyncProgressEvent { Kind = SyncProgressKind.Copy, Source = item.Source, Destination = item.Destination, Copy = value });
    }
}
