using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OciRegistry.Client.Content;
using OciRegistry.Client.Copy.Formats;
using OciRegistry.Client.Models;
using OciRegistry.Client.Progress;
using OciRegistry.Client.Resilience;
using Polly;
using Polly.Retry;

namespace OciRegistry.Client.Copy.Engine;

/// <summary>
/// One copy, in three phases: plan (fetch every manifest, choose instances, convert; refusals happen here, before any
/// byte moves), blobs (each distinct digest once, at most <see cref="CopySettings.MaxConcurrentBlobs"/> at a time
/// across all instances), manifests (instances before the index, only once every blob is present). The first blob
/// that fails cancels the others, and no manifest is pushed.
/// </summary>
internal sealed class CopyOperation : IDisposable
{
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(5);
    private const int MaxManifestAttempts = 4;
    private static readonly ResiliencePropertyKey<Digest> BlobKey = new("ocireg.blob");
    private static readonly ResiliencePropertyKey<BlobRetries> RetriesKey = new("ocireg.blob-retries");

    private IImageSource _source;
    private readonly IImageDestination _destination;
    private readonly CopySettings _settings;
    private readonly IProgress<CopyProgressEvent>? _progress;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate;
    private readonly CancellationTokenSource _cancellation;
    private readonly ResiliencePipeline _retry;
    private readonly string? _mountFrom;
    private readonly ConcurrentQueue<CopiedManifest> _pushed = new();
    private Exception? _firstFailure;
    private (Descriptor Blob, Task<CopiedBlob> Transfer)[] _transfers = [];
    private readonly IRequiredManifestFormat? _required;
    private string? _sourceReference;

    public CopyOperation(
        IImageSource source,
        IImageDestination destination,
        CopySettings settings,
        IProgress<CopyProgressEvent>? progress,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        _source = source;
        _destination = destination;
        // A destination that holds one format only gets it when no format was asked for.
        _required = settings.Format is null ? destination as IRequiredManifestFormat : null;
        _settings = _required is null ? settings : settings with { Format = _required.RequiredFormat };
        _progress = progress;
        _logger = logger;
        _gate = new SemaphoreSlim(settings.MaxConcurrentBlobs, settings.MaxConcurrentBlobs);
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _retry = BuildRetry(settings, logger);
        _mountFrom = MountSource(source, destination);
    }

    public async Task<CopyResult> RunAsync(string sourceReference, string? destinationTag)
    {
        _sourceReference = sourceReference;
        var token = _cancellation.Token;
        var top = await _source.FetchManifestAsync(sourceReference, token).ConfigureAwait(false);
        CopyLog.CopyStarting(_logger, sourceReference, top.Digest, top.MediaType);
        try
        {
            var planned = top.Kind == ManifestKind.Schema1 && _settings.Format is { } format && !_settings.PreserveDigests
                ? await ConvertSchema1Async(top, format, token).ConfigureAwait(false)
                : top;
            var plan = await PlanAsync(planned, null, isTop: true, token).ConfigureAwait(false);

            var distinct = new List<Descriptor>();
            var seen = new HashSet<Digest>();
            foreach (var blob in plan.Blobs)
            {
                if (seen.Add(blob.Digest))
                {
                    distinct.Add(blob);
                }
            }

            var transfers = distinct.Select(b => CopyBlobAsync(b, token)).ToArray();
            _transfers = [.. distinct.Zip(transfers)];
            try
            {
                await Task.WhenAll(transfers).ConfigureAwait(false);
            }
            catch when (_firstFailure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(_firstFailure).Throw();
            }

            await PushAsync(plan, destinationTag, token).ConfigureAwait(false);
            var blobs = transfers.Select(t => t.Result).ToArray();
            var result = new CopyResult
            {
                SourceDigest = top.Digest,
                Manifest = _pushed.Last().Written,
                Manifests = [.. _pushed],
                Blobs = blobs,
            };
            CopyLog.CopyCompleted(
                _logger,
                sourceReference,
                result.Manifest.Digest,
                blobs.Count(b => b.Status == BlobCopyStatus.Transferred),
                result.BytesTransferred,
                blobs.Count(b => b.Status == BlobCopyStatus.Skipped),
                blobs.Count(b => b.Status == BlobCopyStatus.Mounted));
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException || _firstFailure is not null)
        {
            CopyLog.CopyFailed(_logger, sourceReference, e);
            throw;
        }
    }

    /// <summary>What happened to every blob so far: the finished ones as they ended, the others as failed with why.</summary>
    /// <returns>One entry per distinct blob planned, in plan order.</returns>
    public IReadOnlyList<CopiedBlob> BlobsSoFar() =>
    [
        .. _transfers.Select(t => t.Transfer.IsCompletedSuccessfully
            ? t.Transfer.Result
            : new CopiedBlob(t.Blob, BlobCopyStatus.Failed, 0)
            {
                Error = t.Transfer.Exception?.InnerException
                    ?? new OperationCanceledException($"The blob {t.Blob.Digest} was not copied: the copy stopped before it completed."),
            }),
    ];

    public void Dispose()
    {
        _gate.Dispose();
        _cancellation.Dispose();
    }

    private static string? MountSource(IImageSource source, IImageDestination destination) =>
        source is IRepositoryLocation from && destination is IRepositoryLocation to and IBlobMounter
        && string.Equals(from.Registry, to.Registry, StringComparison.OrdinalIgnoreCase)
        && !string.Equals(from.Repository, to.Repository, StringComparison.Ordinal)
            ? from.Repository
            : null;

    private static ResiliencePipeline BuildRetry(CopySettings settings, ILogger logger)
    {
        if (settings.RetryTimes == 0)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = settings.RetryTimes,
            Delay = settings.RetryDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = settings.RetryDelay > TimeSpan.Zero,
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is { } e && TransientFailures.IsTransient(e, args.Context.CancellationToken)
                && args.Context.Properties.GetValue(RetriesKey, null!).TryTake()),
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is TooManyRequestsException { RetryAfter: { } after }
                ? (TimeSpan?)(after < MaxRetryAfter ? after : MaxRetryAfter)
                : null),
            OnRetry = args =>
            {
                var digest = args.Context.Properties.GetValue(BlobKey, null!);
                CopyLog.BlobRetrying(logger, digest, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception);
                Diagnostics.CopyTelemetry.BlobRetries.Add(1);
                return ValueTask.CompletedTask;
            },
        }).Build();
    }

    private async Task<PlannedManifest> PlanAsync(Manifest manifest, Platform? platform, bool isTop, CancellationToken cancellationToken)
    {
        switch (manifest.Kind)
        {
            case ManifestKind.Schema1:
                throw Schema1Refused(manifest);

            case ManifestKind.Image:
                return new PlannedManifest(manifest, Convert(manifest), platform, []);

            case ManifestKind.Index:
                var mode = isTop ? _settings.MultiArch : MultiArchMode.All;
                return mode switch
                {
                    MultiArchMode.IndexOnly => PlanIndexOnly(manifest),
                    MultiArchMode.System => await PlanSystemAsync(manifest, cancellationToken).ConfigureAwait(false),
                    _ => await PlanAllAsync(manifest, platform, isTop, cancellationToken).ConfigureAwait(false),
                };

            default:
                // A manifest type this SDK does not model: its bytes are carried as they are; what it references is unknown.
                return new PlannedManifest(manifest, manifest, platform, []);
        }
    }

    // Schema 1 is read only: never written again as it is; with a Format it is converted (Schema1Conversion), and the
    // configuration that conversion generates is served to the transfer from memory.
    private async Task<Manifest> ConvertSchema1Async(Manifest manifest, ManifestFormat format, CancellationToken cancellationToken)
    {
        var (converted, config, configBytes) = await Schema1Conversion.ConvertAsync(_source, manifest, format, ImageName(manifest), cancellationToken).ConfigureAwait(false);
        _source = new GeneratedBlobSource(_source, config, configBytes);
        return converted;
    }

    private ImageCopyException Schema1Refused(Manifest manifest) =>
        new(_settings.Format is { } format && _settings.PreserveDigests
            ? $"The image {ImageName(manifest)} is a Docker schema 1 image ({manifest.MediaType}); converting it to {format} changes its digest, " +
              "and digests are to be preserved. Do not ask to preserve digests to convert it."
            : $"The image {ImageName(manifest)} is a Docker schema 1 image ({manifest.MediaType}), which is read only: it is not written as it is. " +
              "Ask for a format (Docker schema 2 or OCI; `--format v2s2` or `--format oci`) to convert it while copying.");

    private string ImageName(Manifest manifest) =>
        string.IsNullOrEmpty(_sourceReference) ? manifest.Digest.ToString() : $"{_sourceReference} ({manifest.Digest})";

    private Manifest Convert(Manifest manifest)
    {
        if (!ManifestConverter.NeedsConversion(manifest, _settings.Format))
        {
            return manifest;
        }

        if (_settings.PreserveDigests)
        {
            throw new ImageCopyException(_required is null
                ? $"Writing the manifest {manifest.Digest} ({manifest.MediaType}) as {_settings.Format} would change its digest, and digests are to be preserved. " +
                  "Leave the format unset, or do not ask to preserve digests."
                : RequiredFormatRefusal($"the manifest {manifest.Digest} ({manifest.MediaType})"));
        }

        return ManifestConverter.ConvertImage(manifest, _settings.Format!.Value);
    }

    private string RequiredFormatRefusal(string what) =>
        $"The destination is {_required!.RequiredFormatReason}: writing {what} there converts it to {_required.RequiredFormat} and changes its digest, " +
        "and digests are to be preserved. Copy it to a registry or a dir: destination to keep its digest, or do not ask to preserve digests.";

    private PlannedManifest PlanIndexOnly(Manifest index)
    {
        if (ManifestConverter.NeedsConversion(index, _settings.Format))
        {
            throw new ImageCopyException(
                $"Only the index {index.Digest} is to be copied, as its bytes are: it cannot be converted to {_settings.Format} without converting, and so copying, its instances" +
                (_required is null ? "." : $"; and the destination is {_required.RequiredFormatReason}. Copy all instances, or one platform."));
        }

        return new PlannedManifest(index, index, null, []);
    }

    private async Task<PlannedManifest> PlanSystemAsync(Manifest index, CancellationToken cancellationToken)
    {
        var wanted = _settings.SystemPlatform;
        var entry = index.Index!.Manifests.FirstOrDefault(e => e.Platform is { } p && wanted.Matches(p))
            ?? throw new ImageCopyException(
                $"The index {index.Digest} has no instance for {wanted}; it has {Describe(index.Index.Manifests)}. " +
                "Choose a platform, or copy all instances.");
        CopyLog.InstanceSelected(_logger, entry.Digest, entry.Platform!.ToString());
        var instance = await FetchInstanceAsync(index, entry, cancellationToken).ConfigureAwait(false);
        return await PlanAsync(instance, entry.Platform, isTop: false, cancellationToken).ConfigureAwait(false);
    }

    private async Task<PlannedManifest> PlanAllAsync(Manifest index, Platform? platform, bool isTop, CancellationToken cancellationToken)
    {
        var all = index.Index!.Manifests;
        var entries = all;
        if (isTop && _settings.Platforms.Count > 0)
        {
            entries = [.. all.Where(e => e.Platform is { } p && _settings.Platforms.Any(w => w.Matches(p)))];
            var missing = _settings.Platforms.Where(w => !entries.Any(e => w.Matches(e.Platform!))).ToArray();
            if (missing.Length > 0)
            {
                throw new ImageCopyException(
                    $"The index {index.Digest} has no instance for {string.Join(", ", missing.Select(p => p.ToString()))}; it has {Describe(all)}.");
            }
        }

        var children = await Task.WhenAll(entries.Select(async e =>
        {
            var instance = await FetchInstanceAsync(index, e, cancellationToken).ConfigureAwait(false);
            return await PlanAsync(instance, e.Platform, isTop: false, cancellationToken).ConfigureAwait(false);
        })).ConfigureAwait(false);

        var subset = entries.Count != all.Count;
        var converted = children.Any(c => c.Written != c.Source) || ManifestConverter.NeedsConversion(index, _settings.Format);
        if (!subset && !converted)
        {
            return new PlannedManifest(index, index, platform, children);
        }

        if (_settings.PreserveDigests)
        {
            throw new ImageCopyException(subset
                ? $"Copying only {string.Join(", ", _settings.Platforms.Select(p => p.ToString()))} of the index {index.Digest} writes a new index with another digest, and digests are to be preserved. Copy all instances, or do not ask to preserve digests."
                : _required is not null
                    ? RequiredFormatRefusal($"the index {index.Digest} ({index.MediaType})")
                    : $"Writing the index {index.Digest} as {_settings.Format} would change its digest, and digests are to be preserved. Leave the format unset, or do not ask to preserve digests.");
        }

        var rewritten = entries.Zip(children, (e, c) => e with { MediaType = c.Written.MediaType, Digest = c.Written.Digest, Size = c.Written.Size }).ToArray();
        var written = ManifestConverter.RewriteIndex(index, rewritten, ManifestConverter.NeedsConversion(index, _settings.Format) ? _settings.Format : null);
        return new PlannedManifest(index, written, platform, children);
    }

    private async Task<Manifest> FetchInstanceAsync(Manifest index, Descriptor entry, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var instance = await _source.FetchManifestAsync(entry.Digest.ToString(), cancellationToken).ConfigureAwait(false);
            if (instance.Digest != entry.Digest)
            {
                throw new DigestMismatchException(entry.Digest, instance.Digest, entry.Size, instance.Size);
            }

            return instance;
        }
        catch (ManifestNotFoundException e)
        {
            throw new ImageCopyException($"The index {index.Digest} lists the manifest {entry.Digest}, which the source does not have.", e);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string Describe(IReadOnlyList<Descriptor> entries)
    {
        var platforms = entries.Where(e => e.Platform is not null).Select(e => e.Platform!.ToString()).Distinct(StringComparer.Ordinal).ToArray();
        return platforms.Length == 0 ? "no platforms listed" : string.Join(", ", platforms);
    }

    private async Task<CopiedBlob> CopyBlobAsync(Descriptor blob, CancellationToken cancellationToken)
    {
        if (IsForeign(blob))
        {
            CopyLog.ForeignLayerSkipped(_logger, blob.Digest, blob.MediaType);
            Report(CopyProgressKind.BlobSkipped, blob);
            return new CopiedBlob(blob, BlobCopyStatus.Skipped, 0);
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        using var activity = Diagnostics.CopyTelemetry.StartBlob(blob);
        try
        {
            Report(CopyProgressKind.BlobStarted, blob);
            var progress = new BlobProgress(blob, _progress);
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            var retries = new BlobRetries(_settings.RetryTimes);
            context.Properties.Set(BlobKey, blob.Digest);
            context.Properties.Set(RetriesKey, retries);
            BlobCopyStatus status;
            try
            {
                // The engine owns the blob's retries: the requests of an attempt are each sent once.
                using var scope = OperationRetryScope.Begin();
                status = await _retry.ExecuteAsync(
                    static (context, state) => state.Operation.AttemptAsync(state.Blob, state.Progress, state.Retries, context.CancellationToken),
                    context,
                    (Operation: this, Blob: blob, Progress: progress, Retries: retries)).ConfigureAwait(false);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }

            var copied = new CopiedBlob(blob, status, progress.TotalRead);
            Diagnostics.CopyTelemetry.StopBlob(activity, copied, _destination);
            switch (status)
            {
                case BlobCopyStatus.Skipped:
                    CopyLog.BlobSkipped(_logger, blob.Digest);
                    Report(CopyProgressKind.BlobSkipped, blob);
                    break;
                case BlobCopyStatus.Mounted:
                    CopyLog.BlobMounted(_logger, blob.Digest, _mountFrom!);
                    Report(CopyProgressKind.BlobMounted, blob);
                    break;
                default:
                    CopyLog.BlobTransferred(_logger, blob.Digest, copied.BytesTransferred);
                    Report(CopyProgressKind.BlobDone, blob, blob.Size);
                    break;
            }

            return copied;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Diagnostics.CopyTelemetry.FailBlob(activity, e);
            // The first real failure of the copy; the others it causes are cancellations.
            if (Interlocked.CompareExchange(ref _firstFailure, e, null) is null)
            {
                CopyLog.BlobFailed(_logger, blob.Digest, e);
                _progress?.Report(new CopyProgressEvent { Kind = CopyProgressKind.BlobFailed, Content = blob, Error = e });
                await _cancellation.CancelAsync().ConfigureAwait(false);
            }

            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    // A foreign (Docker) or non-distributable (OCI) layer that says where to fetch it from is not copied, as skopeo
    // does by default: its licence may not allow it, and whoever pulls the image fetches it from those URLs. The
    // manifest keeps its descriptor. Without URLs there is nowhere else to fetch it, so it is copied like any layer.
    private static bool IsForeign(Descriptor blob) => MediaTypes.IsNonDistributable(blob.MediaType) && blob.Urls is { Count: > 0 };

    private async ValueTask<BlobCopyStatus> AttemptAsync(Descriptor blob, BlobProgress progress, BlobRetries retries, CancellationToken cancellationToken)
    {
        if (await _destination.BlobExistsAsync(blob, cancellationToken).ConfigureAwait(false))
        {
            return BlobCopyStatus.Skipped;
        }

        if (_mountFrom is not null
            && await ((IBlobMounter)_destination).TryMountBlobAsync(blob, _mountFrom, cancellationToken).ConfigureAwait(false))
        {
            return BlobCopyStatus.Mounted;
        }

        var transfer = new BlobTransfer(_source, _destination, blob, _settings, progress, retries, _logger);
        await transfer.RunAsync(cancellationToken).ConfigureAwait(false);
        return BlobCopyStatus.Transferred;
    }

    private async Task PushAsync(PlannedManifest plan, string? tag, CancellationToken cancellationToken)
    {
        foreach (var child in plan.Children)
        {
            await PushAsync(child, null, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var written = await PushManifestAsync(plan.Written, tag, cancellationToken).ConfigureAwait(false);
        CopyLog.ManifestPushed(_logger, written.Digest, written.MediaType, tag is null ? string.Empty : " as " + tag);
        _pushed.Enqueue(new CopiedManifest(plan.Source.Digest, plan.Written.Descriptor, plan.Platform));
        Report(CopyProgressKind.ManifestPushed, plan.Written.Descriptor);
    }

    // Every blob a manifest references was verified present before it is pushed, so a registry that answers that one
    // is missing or invalid is racing another writer of the same repository (Distribution's filesystem store can, while
    // another process mounts or uploads the same blob there). A few short waits let the other write settle.
    private async Task<Descriptor> PushManifestAsync(Manifest manifest, string? tag, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await _destination.PushManifestAsync(manifest, tag, cancellationToken).ConfigureAwait(false);
            }
            catch (OciRegistryException e) when (attempt < MaxManifestAttempts
                && (e.ErrorCode == RegistryErrorCode.DigestInvalid || e.ErrorCode == RegistryErrorCode.ManifestBlobUnknown))
            {
                CopyLog.ManifestPushRetrying(_logger, manifest.Digest, e.ErrorCode!.Value.Value, attempt + 1);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void Report(CopyProgressKind kind, Descriptor content, long bytes = 0) =>
        _progress?.Report(new CopyProgressEvent { Kind = kind, Content = content, Bytes = bytes });
}
