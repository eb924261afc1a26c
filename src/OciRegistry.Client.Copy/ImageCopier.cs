using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OciRegistry.Client.Content;
using OciRegistry.Client.Copy.Engine;
using OciRegistry.Client.Trust;

namespace OciRegistry.Client.Copy;

/// <summary>
/// Copies images from any <see cref="IImageSource"/> to any <see cref="IImageDestination"/> — registry repositories,
/// on-disk layouts and archives, or stores of the caller's — without naming a transport. Register it with
/// <c>builder.AddCopyEngine()</c>; it holds no per-copy state and may run many copies at once.
/// </summary>
/// <remarks>
/// A copy reads the <see cref="IImageStore.Description"/> of both sides once, then plans (fetches every manifest,
/// chooses instances of an index, converts formats; refusals happen here, before any byte moves), then copies each
/// distinct blob once — skipped when the destination has it, mounted when source and destination are repositories of
/// one registry and the destination has a <see cref="ImageStoreDescription.Mounter"/>, else streamed through a
/// bounded pipe into the destination, which verifies size and digest — and pushes manifests only when every blob is
/// present, instances before the index that lists them. A failure or a cancellation stops every transfer and pushes
/// no manifest.
/// </remarks>
public sealed class ImageCopier
{
    private readonly IOptions<CopyOptions> _options;
    private readonly ILogger<ImageCopier> _logger;
    private readonly IImageTrustGate? _trust;

    /// <summary>Creates the copier with default options for its copies.</summary>
    /// <param name="options">The options copies use when none are passed to a copy.</param>
    /// <param name="logger">The logger.</param>
    public ImageCopier(IOptions<CopyOptions> options, ILogger<ImageCopier> logger)
        : this(options, logger, null)
    {
    }

    /// <summary>Creates the copier with default options for its copies and a trust gate every source must pass.</summary>
    /// <param name="options">The options copies use when none are passed to a copy.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="trust">
    /// Admits or refuses each source image once its manifest is resolved and before anything is written;
    /// <see langword="null"/> admits every image.
    /// </param>
    public ImageCopier(IOptions<CopyOptions> options, ILogger<ImageCopier> logger, IImageTrustGate? trust)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _logger = logger;
        _trust = trust;
    }

    /// <summary>Copies the image of an opened source location to an opened destination location.</summary>
    /// <param name="source">The opened source; its location is what the trust gate judges.</param>
    /// <param name="destination">The opened destination; the top-level manifest is written under its tag, if any.</param>
    /// <param name="options">The options of this copy, in place of the registered defaults.</param>
    /// <param name="progress">Receives an event per blob step and per manifest pushed; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops every transfer promptly; no manifest is pushed after it fires.</param>
    /// <returns>The manifest written and what happened to every blob.</returns>
    /// <exception cref="ImageRejectedException">The trust gate refuses the source image; nothing was written.</exception>
    /// <remarks>Everything else is as <see cref="CopyAsync(IImageSource, string, IImageDestination, string?, CopyOptions?, IProgress{CopyProgressEvent}?, CancellationToken)"/> says.</remarks>
    public Task<CopyResult> CopyAsync(
        ImageSourceHandle source,
        ImageDestinationHandle destination,
        CopyOptions? options,
        IProgress<CopyProgressEvent>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        return CopyCoreAsync(source.Location, source.Source, source.Reference, destination.Destination, destination.Tag, options, progress, cancellationToken);
    }

    /// <summary>Copies the image <paramref name="sourceReference"/> names from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    /// <param name="source">Where to read the image.</param>
    /// <param name="sourceReference">
    /// A tag or a digest string in <paramref name="source"/>; for an on-disk source, what
    /// <c>ImageLocation.SourceReference</c> gives, which is empty for "the only image" (<c>dir:PATH</c>, or a layout
    /// or archive named without a tag).
    /// </param>
    /// <param name="destination">Where to write it.</param>
    /// <param name="destinationTag">The tag to write the top-level manifest under, or <see langword="null"/> to write it by digest only.</param>
    /// <param name="options">The options of this copy, in place of the registered defaults; validated, and read once when the copy starts.</param>
    /// <param name="progress">Receives an event per blob step and per manifest pushed (byte counts throttled); may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops every transfer promptly; no manifest is pushed after it fires.</param>
    /// <returns>The manifest written and what happened to every blob.</returns>
    /// <exception cref="ArgumentException">The arguments or options are invalid.</exception>
    /// <exception cref="ImageRejectedException">The trust gate refuses the source image; nothing was written.</exception>
    /// <exception cref="ImageCopyException">The copy cannot be done as asked (schema 1 without a format, a conversion the content does not allow, digests to be preserved, no such platform).</exception>
    /// <exception cref="DigestMismatchException">A blob's bytes do not match its digest or size; the exception names it.</exception>
    /// <exception cref="OciRegistryException">The source or destination failed, after the retries transient failures get.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    /// <remarks>
    /// What happened to each blob of a copy that fails is reported through <paramref name="progress"/>: every blob
    /// that ended has its <see cref="CopyProgressKind.BlobSkipped"/>, <see cref="CopyProgressKind.BlobMounted"/> or
    /// <see cref="CopyProgressKind.BlobDone"/> event, the blob that failed first its
    /// <see cref="CopyProgressKind.BlobFailed"/> event with the error thrown, and a blob with a
    /// <see cref="CopyProgressKind.BlobStarted"/> event and none of these was stopped.
    /// </remarks>
    public Task<CopyResult> CopyAsync(
        IImageSource source,
        string sourceReference,
        IImageDestination destination,
        string? destinationTag,
        CopyOptions? options = null,
        IProgress<CopyProgressEvent>? progress = null,
        CancellationToken cancellationToken = default) =>
        CopyCoreAsync(null, source, sourceReference, destination, destinationTag, options, progress, cancellationToken);

    private async Task<CopyResult> CopyCoreAsync(
        ImageLocation? sourceLocation,
        IImageSource source,
        string sourceReference,
        IImageDestination destination,
        string? destinationTag,
        CopyOptions? options,
        IProgress<CopyProgressEvent>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        // Empty is the on-disk transports' "the only image"; a registry refuses it as an invalid reference.
        ArgumentNullException.ThrowIfNull(sourceReference);
        ArgumentNullException.ThrowIfNull(destination);
        if (destinationTag is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(destinationTag);
        }

        var settings = (options ?? _options.Value).Snapshot();
        var from = source.Description ?? throw new ArgumentException("The source has no description.", nameof(source));
        var to = destination.Description ?? throw new ArgumentException("The destination has no description.", nameof(destination));
        using var activity = Diagnostics.CopyTelemetry.StartCopy(source, from, sourceReference, destination, to, destinationTag);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var result = await RunAsync(sourceLocation, source, from, sourceReference, destination, to, destinationTag, settings, progress, cancellationToken).ConfigureAwait(false);
            Diagnostics.CopyTelemetry.StopCopy(activity, started, result, null);
            return result;
        }
        catch (Exception e)
        {
            Diagnostics.CopyTelemetry.StopCopy(activity, started, null, e);
            throw;
        }
    }

    private async Task<CopyResult> RunAsync(
        ImageLocation? sourceLocation,
        IImageSource source,
        ImageStoreDescription from,
        string sourceReference,
        IImageDestination destination,
        ImageStoreDescription to,
        string? destinationTag,
        CopySettings settings,
        IProgress<CopyProgressEvent>? progress,
        CancellationToken cancellationToken)
    {
        var top = await source.FetchManifestAsync(sourceReference, cancellationToken).ConfigureAwait(false);
        CopyLog.CopyStarting(_logger, sourceReference, top.Digest, top.MediaType);
        try
        {
            if (_trust is not null)
            {
                // Judged on the manifest the reference resolved to, before planning reads more or anything is written.
                await _trust.AdmitAsync(new ImageTrustSubject(sourceLocation, source, sourceReference, top), cancellationToken).ConfigureAwait(false);
            }

            var plan = await new CopyPlanner(source, sourceReference, from, to, settings, _logger).PlanAsync(top, cancellationToken).ConfigureAwait(false);
            var referrers = settings.Referrers is not null && from.Referrers is { } lister
                ? await new ReferrerPlanner(source, lister, from, to, settings, _logger).PlanAsync(plan, cancellationToken).ConfigureAwait(false)
                : null;
            using var operation = new CopyOperation(source, destination, to, plan, settings, progress, _logger, cancellationToken);
            var result = await operation.RunAsync(destinationTag).ConfigureAwait(false);
            if (referrers is not null)
            {
                result = await ReferrerCopy.RunAsync(result, referrers, source, destination, to, settings, progress, _logger, cancellationToken).ConfigureAwait(false);
            }

            CopyLog.CopyCompleted(
                _logger,
                sourceReference,
                result.Manifest.Digest,
                result.Blobs.Count(b => b.Status == BlobCopyStatus.Transferred),
                result.BytesTransferred,
                result.Blobs.Count(b => b.Status == BlobCopyStatus.Skipped),
                result.Blobs.Count(b => b.Status == BlobCopyStatus.Mounted));
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            CopyLog.CopyFailed(_logger, sourceReference, e);
            throw;
        }
    }
}
