using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OciRegistry.Client.Content;
using OciRegistry.Client.Copy.Engine;
using OciRegistry.Client.Progress;

namespace OciRegistry.Client.Copy;

/// <summary>
/// Copies images from any <see cref="IImageSource"/> to any <see cref="IImageDestination"/> — registry repositories,
/// on-disk layouts and archives, or stores of the caller's — without naming a transport. Register it with
/// <c>builder.AddCopyEngine()</c>; it holds no per-copy state and may run many copies at once.
/// </summary>
/// <remarks>
/// A copy plans first (fetches every manifest, chooses instances of an index, converts formats; refusals happen
/// here, before any byte moves), then copies each distinct blob once — skipped when the destination has it, mounted
/// when source and destination are repositories of one registry (<see cref="IRepositoryLocation"/>), else streamed
/// through a bounded pipe into the destination, which verifies size and digest — and pushes manifests only when every
/// blob is present, instances before the index that lists them. A failure or a cancellation stops every transfer and
/// pushes no manifest.
/// </remarks>
public sealed class ImageCopier
{
    private readonly IOptions<CopyOptions> _options;
    private readonly ILogger<ImageCopier> _logger;

    /// <summary>Creates the copier with default options for its copies.</summary>
    /// <param name="options">The options copies use when none are passed to <see cref="CopyAsync"/>.</param>
    /// <param name="logger">The logger.</param>
    public ImageCopier(IOptions<CopyOptions> options, ILogger<ImageCopier> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _logger = logger;
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
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="ImageCopyException">The copy cannot be done as asked (schema 1 without a format, a conversion the content does not allow, digests to be preserved, no such platform).</exception>
    /// <exception cref="DigestMismatchException">A blob's bytes do not match its digest or size; the exception names it.</exception>
    /// <exception cref="OciRegistryException">The source or destination failed, after the retries transient failures get.</exception>
    public async Task<CopyResult> CopyAsync(
        IImageSource source,
        string sourceReference,
        IImageDestination destination,
        string? destinationTag,
        CopyOptions? options = null,
        IProgress<CopyProgressEvent>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ValidateArguments(source, sourceReference, destination, destinationTag);
        var outcome = await RunAsync(source, sourceReference, destination, destinationTag, options, progress, cancellationToken).ConfigureAwait(false);
        if (outcome.Error is { } error)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        }

        return outcome.Result!;
    }

    /// <summary>
    /// Copies an image as <see cref="CopyAsync"/> does, but reports a failure instead of throwing it: the outcome
    /// carries the error and what happened to every blob (transferred, skipped, mounted, or failed with its error).
    /// </summary>
    /// <param name="source">Where to read the image from.</param>
    /// <param name="sourceReference">A tag or a digest string in <paramref name="source"/> (empty for an on-disk source's only image).</param>
    /// <param name="destination">Where to write it.</param>
    /// <param name="destinationTag">The tag to write the top-level manifest under, or <see langword="null"/> to write it by digest only.</param>
    /// <param name="options">The options of this copy, in place of the registered defaults.</param>
    /// <param name="progress">Receives an event per blob step and per manifest pushed; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops every transfer promptly; the outcome then carries the <see cref="OperationCanceledException"/>.</param>
    /// <returns>The outcome; on a failure no manifest was pushed.</returns>
    /// <exception cref="ArgumentException">The arguments or options are invalid (these are thrown, not reported).</exception>
    public Task<CopyOutcome> TryCopyAsync(
        IImageSource source,
        string sourceReference,
        IImageDestination destination,
        string? destinationTag,
        CopyOptions? options = null,
        IProgress<CopyProgressEvent>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ValidateArguments(source, sourceReference, destination, destinationTag);
        return RunAsync(source, sourceReference, destination, destinationTag, options, progress, cancellationToken);
    }

    private static void ValidateArguments(IImageSource source, string sourceReference, IImageDestination destination, string? destinationTag)
    {
        ArgumentNullException.ThrowIfNull(source);
        // Empty is the on-disk transports' "the only image"; a registry refuses it as an invalid reference.
        ArgumentNullException.ThrowIfNull(sourceReference);
        ArgumentNullException.ThrowIfNull(destination);
        if (destinationTag is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(destinationTag);
        }
    }

    private async Task<CopyOutcome> RunAsync(
        IImageSource source,
        string sourceReference,
        IImageDestination destination,
        string? destinationTag,
        CopyOptions? options,
        IProgress<CopyProgressEvent>? progress,
        CancellationToken cancellationToken)
    {
        var settings = (options ?? _options.Value).Snapshot();
        using var operation = new CopyOperation(source, destination, settings, progress, _logger, cancellationToken);
        using var activity = Diagnostics.CopyTelemetry.StartCopy(source, sourceReference, destination, destinationTag);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var result = await operation.RunAsync(sourceReference, destinationTag).ConfigureAwait(false);
            Diagnostics.CopyTelemetry.StopCopy(activity, started, result, null);
            return new CopyOutcome { Result = result, Blobs = result.Blobs };
        }
        catch (Exception e)
        {
            Diagnostics.CopyTelemetry.StopCopy(activity, started, null, e);
            return new CopyOutcome { Error = e, Blobs = operation.BlobsSoFar() };
        }
    }
}
