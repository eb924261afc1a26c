using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OciRegistry.Client.Content;
using OciRegistry.Client.Copy.Compression;
using OciRegistry.Client.Models;
using OciRegistry.Client.Resilience;
using Polly;
using Polly.Retry;

namespace OciRegistry.Client.Copy.Engine;

/// <summary>
/// Carries out a <see cref="CopyPlan"/>: blobs first (each distinct digest once, at most
/// <see cref="CopySettings.MaxConcurrentBlobs"/> at a time across all instances), then manifests (instances before
/// the index, only once every blob is present). The first blob that fails cancels the others, and no manifest is
/// pushed. The source and the plan are read only.
/// </summary>
internal sealed class CopyOperation : IDisposable
{
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(5);
    private const int MaxManifestAttempts = 4;
    private static readonly ResiliencePropertyKey<Digest> BlobKey = new("ocireg.blob");
    private static readonly ResiliencePropertyKey<BlobRetries> RetriesKey = new("ocireg.blob-retries");

    private readonly IImageSource _source;
    private readonly IImageDestination _destination;
    private readonly CopyPlan _plan;
    private readonly CopySettings _settings;
    private readonly ImageProgress? _progress;
    private readonly ILogger _logger;
    private readonly string? _destinationRegistry;
    private readonly SemaphoreSlim _gate;
    private readonly CancellationTokenSource _cancellation;
    private readonly ResiliencePipeline _retry;
    private readonly BlobMountSource? _mountFrom;
    private readonly List<CopiedManifest> _pushed = [];
    private readonly ConcurrentDictionary<Digest, ConvertedLayer> _converted = new();
    private Exception? _firstFailure;

    public CopyOperation(
        IImageSource source,
        IImageDestination destination,
        ImageStoreDescription destinationDescription,
        CopyPlan plan,
        CopySettings settings,
        IProgress<CopyProgressEvent>? progress,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        _source = plan.GeneratedBlobs.Count == 0 ? source : new GeneratedBlobSource(source, plan.GeneratedBlobs);
        _destination = destination;
        _destinationRegistry = destinationDescription.Registry;
        _plan = plan;
        _settings = settings;
        _progress = progress is null ? null : new ImageProgress(progress, plan.Blobs.Count, plan.Blobs.Sum(b => b.Size));
        _logger = logger;
        _gate = new SemaphoreSlim(settings.MaxConcurrentBlobs, settings.MaxConcurrentBlobs);
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _retry = BuildRetry(settings, logger);
        _mountFrom = plan.MountFrom;
    }

    /// <summary>Copies the plan's blobs, then writes its manifests, the last under <paramref name="destinationTag"/>.</summary>
    public async Task<CopyResult> RunAsync(string? destinationTag)
    {
        var token = _cancellation.Token;
        var transfers = _plan.Blobs.Select(b => CopyBlobAsync(b, token)).ToArray();
        try
        {
            await Task.WhenAll(transfers).ConfigureAwait(false);
        }
        catch when (_firstFailure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(_firstFailure).Throw();
        }

        // Converted layers have new digests: the manifests listing them are rewritten now that every one is known.
        var root = _converted.IsEmpty ? _plan.Root : LayerRewrite.Apply(_plan.Root, _converted);
        if (_plan.Record is { } record && _plan.Rewrites(root) && CopyAnnotations.CanCarry(root.Written))
        {
            // Last, over the final bytes: a later sync compares the source's digest with what this records.
            root = root with { Written = CopyAnnotations.Record(root.Written, _plan.Source.Digest, record.Selection(layersChanged: !_converted.IsEmpty)) };
        }

        var manifests = ReferenceEquals(root, _plan.Root) ? _plan.Manifests : [.. root.InPushOrder];
        foreach (var manifest in manifests)
        {
            await PushAsync(manifest, ReferenceEquals(manifest, root) ? destinationTag : null, token).ConfigureAwait(false);
        }

        return new CopyResult(_plan.Source.Digest, _pushed, [.. transfers.Select(t => t.Result)]);
    }

    public void Dispose()
    {
        _gate.Dispose();
        _cancellation.Dispose();
    }

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

    private async Task<CopiedBlob> CopyBlobAsync(Descriptor blob, CancellationToken cancellationToken)
    {
        if (IsForeign(blob))
        {
            CopyLog.ForeignLayerSkipped(_logger, blob.Digest, blob.MediaType);
            _progress?.Complete(blob.Size);
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

            var copied = new CopiedBlob(blob, status, progress.TotalRead, _converted.TryGetValue(blob.Digest, out var converted) ? converted.Descriptor : null);
            progress.Complete();
            Diagnostics.CopyTelemetry.StopBlob(activity, copied, _destinationRegistry);
            switch (status)
            {
                case BlobCopyStatus.Skipped:
                    CopyLog.BlobSkipped(_logger, blob.Digest);
                    Report(CopyProgressKind.BlobSkipped, blob);
                    break;
                case BlobCopyStatus.Mounted:
                    CopyLog.BlobMounted(_logger, blob.Digest, _mountFrom!.Repository);
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
                _progress?.Report(CopyProgressKind.BlobFailed, blob, error: e);
                await _cancellation.CancelAsync().ConfigureAwait(false);
            }

            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    // A foreign (Docker) or non-distributable (OCI) layer that says where to fetch it from is not copied: its licence
    // may not allow it, and whoever pulls the image fetches it from those URLs. The manifest keeps its descriptor.
    // Without URLs there is nowhere else to fetch it, so it is copied like any layer.
    private static bool IsForeign(Descriptor blob) => MediaTypes.IsNonDistributable(blob.MediaType) && blob.Urls is { Count: > 0 };

    private async ValueTask<BlobCopyStatus> AttemptAsync(Descriptor blob, BlobProgress progress, BlobRetries retries, CancellationToken cancellationToken)
    {
        if (_plan.LayerConversions.TryGetValue(blob.Digest, out var conversion))
        {
            var (layer, pushed) = await new LayerRecompression(_source, _destination, blob, conversion, _settings.CompressionLevel, progress)
                .RunAsync(cancellationToken).ConfigureAwait(false);
            _converted[blob.Digest] = layer;
            CopyLog.LayerConverted(_logger, blob.Digest, layer.Digest, Transports.Compression.Name(layer.Compression), layer.Size);
            return pushed ? BlobCopyStatus.Transferred : BlobCopyStatus.Skipped;
        }

        if (await _destination.BlobExistsAsync(blob, cancellationToken).ConfigureAwait(false))
        {
            return BlobCopyStatus.Skipped;
        }

        if (_mountFrom is { } mount
            && await mount.Mounter.TryMountBlobAsync(blob, mount.Repository, cancellationToken).ConfigureAwait(false))
        {
            return BlobCopyStatus.Mounted;
        }

        var transfer = new BlobTransfer(_source, _destination, blob, _settings, progress, retries, _logger);
        await transfer.RunAsync(cancellationToken).ConfigureAwait(false);
        return BlobCopyStatus.Transferred;
    }

    private async Task PushAsync(PlannedManifest plan, string? tag, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var written = await PushManifestAsync(plan.Written, tag, cancellationToken).ConfigureAwait(false);
        CopyLog.ManifestPushed(_logger, written.Digest, written.MediaType, tag is null ? string.Empty : " as " + tag);
        _pushed.Add(new CopiedManifest(plan.Source.Digest, plan.Written.Descriptor, plan.Platform));
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

    private void Report(CopyProgressKind kind, Descriptor content, long bytes = 0) => _progress?.Report(kind, content, bytes);
}
