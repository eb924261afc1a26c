using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OciRegistry.Client.Content;
using OciRegistry.Client.Copy.Engine;
using OciRegistry.Client.Copy.Transports;
using OciRegistry.Client.Trust;

namespace OciRegistry.Client.Copy;

/// <summary>
/// Copies images between any two <see cref="ImageLocation"/>s — registries (<c>docker://</c>), OCI layouts and
/// archives (<c>oci:</c>, <c>oci-archive:</c>), docker archives and <c>dir:</c> — or, for advanced use, between any
/// <see cref="IImageSource"/> and <see cref="IImageDestination"/>, without naming a transport. Get one from dependency
/// injection (<c>builder.AddCopyEngine()</c>) or from <see cref="Create"/>;
/// it holds no per-copy state and may run many copies at once.
/// </summary>
/// <remarks>
/// <para>
/// A copy reads the <see cref="IImageStore.Description"/> of both sides once, then plans (fetches every manifest,
/// chooses instances of an index, converts formats; refusals happen here, before any byte moves), then copies each
/// distinct blob once — skipped when the destination has it, mounted when source and destination are repositories of
/// one registry and the destination has a <see cref="ImageStoreDescription.Mounter"/>, else streamed through a
/// bounded pipe into the destination, which verifies size and digest — and pushes manifests only when every blob is
/// present, instances before the index that lists them. A failure or a cancellation stops every transfer and pushes
/// no manifest.
/// </para>
/// <para>
/// The public methods are virtual and a protected constructor exists so that a consumer's tests can substitute the
/// copier (for example with NSubstitute's <c>Substitute.For&lt;ImageCopier&gt;()</c>).
/// </para>
/// </remarks>
public class ImageCopier
{
    private readonly ImageOpener _opener;
    private readonly Func<CopyOptions> _defaults;
    private readonly ILogger _logger;
    private readonly IImageTrustGate? _trust;

    /// <summary>Creates a copier for substitution in tests; its methods throw unless they are substituted.</summary>
    protected ImageCopier()
    {
        _opener = new ImageOpener([]);
        _defaults = static () => throw new InvalidOperationException("This ImageCopier was made for substitution in tests; use ImageCopier.Create or dependency injection.");
        _logger = NullLogger.Instance;
    }

    /// <summary>The copier of dependency injection and of <see cref="Create"/>.</summary>
    internal ImageCopier(ImageOpener opener, Func<CopyOptions> defaults, ILogger? logger, IImageTrustGate? trust)
    {
        _opener = opener;
        _defaults = defaults;
        _logger = logger ?? NullLogger.Instance;
        _trust = trust;
    }

    /// <summary>
    /// Creates a copier without dependency injection that opens the locations of <paramref name="registry"/>'s
    /// transports (pass the <c>OciRegistryClient</c> for <c>docker://</c>) and the on-disk ones
    /// (<see cref="FileImageOpener"/>).
    /// </summary>
    /// <param name="registry">
    /// The opener of registry locations, usually an <c>OciRegistryClient</c>, which the caller keeps owning; when
    /// <see langword="null"/>, the copier opens the on-disk transports only.
    /// </param>
    /// <param name="options">The options of copies that pass none; the defaults when <see langword="null"/>. Read when each copy starts.</param>
    /// <param name="logger">Where log messages go; none when <see langword="null"/>.</param>
    /// <param name="trust">
    /// Admits or refuses each source image once its manifest is resolved and before anything is written (a trust
    /// policy); <see langword="null"/> admits every image.
    /// </param>
    /// <returns>The copier.</returns>
    /// <example>
    /// <code>
    /// using var client = OciRegistryClient.Create();
    /// await ImageCopier.Create(client).CopyAsync(ImageLocation.Parse("docker://localhost:5000/app:1.0"), ImageLocation.Parse("oci:/tmp/app:1.0"));
    /// </code>
    /// </example>
    public static ImageCopier Create(IImageTransportOpener? registry = null, CopyOptions? options = null, ILogger<ImageCopier>? logger = null, IImageTrustGate? trust = null)
    {
        var defaults = options ?? new CopyOptions();
        var opener = registry is null ? new ImageOpener([new FileImageOpener()]) : new ImageOpener([registry, new FileImageOpener()]);
        return new ImageCopier(opener, () => defaults, logger, trust);
    }

    /// <summary>Copies the image of an opened source location to an opened destination location.</summary>
    /// <param name="source">The opened source; its location is what a trust gate judges.</param>
    /// <param name="destination">The opened destination; the top-level manifest is written under its tag, if any.</param>
    /// <param name="options">The options of this copy, in place of the defaults; validated, and read once when the copy starts.</param>
    /// <param name="progress">Receives an event per blob step and per manifest pushed; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops every transfer promptly; no manifest is pushed after it fires.</param>
    /// <returns>The manifest written and what happened to every blob.</returns>
    /// <exception cref="ImageRejectedException">The trust gate refuses the source image; nothing was written.</exception>
    /// <remarks>Everything else is as <see cref="CopyAsync(IImageSource, string, IImageDestination, string?, CopyOptions?, IProgress{CopyProgressEvent}?, CancellationToken)"/> says.</remarks>
    public virtual Task<CopyResult> CopyAsync(
        ImageSourceHandle source,
        ImageDestinationHandle destination,
        CopyOptions? options,
        IProgress<CopyProgressEvent>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        return CopyCoreAsync(source.Location, source.Source, source.Reference, destination.Destination, destination.Tag, (options ?? _defaults()).Snapshot(), progress, cancellationToken);
    }

    /// <summary>
    /// Copies the image at <paramref name="source"/> to <paramref name="destination"/>, in any transports: each is
    /// opened (a registry repository as a destination for pull and push), copied between, and closed.
    /// </summary>
    /// <param name="source">Where to read, for example <c>ImageLocation.Parse("docker://ghcr.io/org/app:1.0")</c>; without tag or digest, <c>latest</c>.</param>
    /// <param name="destination">Where to write, for example <c>ImageLocation.Parse("oci:/tmp/layout:1.0")</c>; a registry location without tag or digest is tagged <c>latest</c>.</param>
    /// <param name="options">The options of this copy, in place of the defaults; validated, and read once when the copy starts.</param>
    /// <param name="cancellationToken">Stops every transfer promptly; no manifest is pushed after it fires.</param>
    /// <returns>The manifest written and what happened to every blob.</returns>
    /// <exception cref="ArgumentException">The options are invalid, or <paramref name="destination"/> selects a source image with <c>:@N</c>.</exception>
    /// <exception cref="NotSupportedException">No opener of a location's transport was given (a registry location without the registry client).</exception>
    /// <exception cref="NotFoundException">The source image, or an on-disk source's path, does not exist.</exception>
    /// <exception cref="ImageCopyException">The copy cannot be done as asked (schema 1 without a format, a conversion the content does not allow, digests to be preserved, no such platform).</exception>
    /// <exception cref="DigestMismatchException">A blob's bytes do not match its digest or size; the exception names it.</exception>
    /// <exception cref="OciRegistryException">The source or destination failed, after the retries transient failures get.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
#pragma warning disable RS0026, RS0027 // The overloads differ in their leading required parameters' types (locations, handles, stores), so no call binds to two.
    public virtual Task<CopyResult> CopyAsync(
        ImageLocation source,
        ImageLocation destination,
        CopyOptions? options = null,
        CancellationToken cancellationToken = default) =>
        CopyAsync(source, destination, options, null, cancellationToken);
#pragma warning restore RS0026, RS0027

    /// <summary>Copies the image at <paramref name="source"/> to <paramref name="destination"/>, reporting progress.</summary>
    /// <param name="source">Where to read; without tag or digest, <c>latest</c>.</param>
    /// <param name="destination">Where to write; a registry location without tag or digest is tagged <c>latest</c>.</param>
    /// <param name="options">The options of this copy, in place of the defaults; validated, and read once when the copy starts.</param>
    /// <param name="progress">
    /// Receives an event per blob step and per manifest pushed, each with the image's totals so far; may be
    /// <see langword="null"/>. <see cref="Progress{T}"/> posts each event to the synchronization context it was made on
    /// (or the thread pool), so its handler may run after this method returns; an <see cref="IProgress{T}"/> of the
    /// caller's own is called synchronously, on the copy's threads.
    /// </param>
    /// <param name="cancellationToken">Stops every transfer promptly; no manifest is pushed after it fires.</param>
    /// <returns>The manifest written and what happened to every blob.</returns>
    /// <exception cref="ArgumentException">The options are invalid, or <paramref name="destination"/> selects a source image with <c>:@N</c>.</exception>
    /// <exception cref="NotSupportedException">No opener of a location's transport was given.</exception>
    /// <exception cref="NotFoundException">The source image, or an on-disk source's path, does not exist.</exception>
    /// <exception cref="ImageCopyException">The copy cannot be done as asked.</exception>
    /// <exception cref="DigestMismatchException">A blob's bytes do not match its digest or size.</exception>
    /// <exception cref="OciRegistryException">The source or destination failed, after the retries transient failures get.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
#pragma warning disable RS0026, RS0027 // As above: a progress is not a cancellation token, so no call binds to two.
    public virtual async Task<CopyResult> CopyAsync(
        ImageLocation source,
        ImageLocation destination,
        CopyOptions? options,
        IProgress<CopyProgressEvent>? progress,
        CancellationToken cancellationToken = default)
#pragma warning restore RS0026, RS0027
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.SourceIndex is not null)
        {
            throw new ArgumentException($"The destination {destination} selects a source image with :@N; a destination is written whole.", nameof(destination));
        }

        // Validated before anything is opened, so bad options leave no staging directory behind.
        var settings = (options ?? _defaults()).Snapshot();
        var from = await _opener.OpenSourceAsync(source, cancellationToken).ConfigureAwait(false);
        await using (from.ConfigureAwait(false))
        {
            var to = await _opener.OpenDestinationAsync(destination, cancellationToken).ConfigureAwait(false);
            await using (to.ConfigureAwait(false))
            {
                return await CopyCoreAsync(source, from.Source, from.Reference, to.Destination, to.Tag, settings, progress, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Copies the image <paramref name="sourceReference"/> names from <paramref name="source"/> to
    /// <paramref name="destination"/>: the store-level copy, for sources and destinations opened by the caller
    /// (a repository, a layout, a store of the caller's own).
    /// </summary>
    /// <param name="source">Where to read the image.</param>
    /// <param name="sourceReference">
    /// A tag or a digest in <paramref name="source"/> — not a whole image reference; for an on-disk source, what
    /// <see cref="ImageLocation.SourceReference"/> gives, which is empty for "the only image" (<c>dir:PATH</c>, or a
    /// layout or archive named without a tag).
    /// </param>
    /// <param name="destination">Where to write it.</param>
    /// <param name="destinationTag">The tag to write the top-level manifest under, or <see langword="null"/> to write it by digest only.</param>
    /// <param name="options">The options of this copy, in place of the defaults; validated, and read once when the copy starts.</param>
    /// <param name="progress">
    /// Receives an event per blob step and per manifest pushed, each with the image's totals so far; may be
    /// <see langword="null"/>. <see cref="Progress{T}"/> posts events asynchronously, so its handler may run after this
    /// method returns.
    /// </param>
    /// <param name="cancellationToken">Stops every transfer promptly; no manifest is pushed after it fires.</param>
    /// <returns>The manifest written and what happened to every blob.</returns>
    /// <exception cref="ArgumentException">The arguments or options are invalid.</exception>
    /// <exception cref="ImageRejectedException">The trust gate refuses the source image; nothing was written.</exception>
    /// <exception cref="InvalidReferenceException">A registry source's reference or a registry destination's tag is not a tag or digest (a whole image reference, for example).</exception>
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
#pragma warning disable RS0026 // As above: stores, not locations.
    public virtual Task<CopyResult> CopyAsync(
        IImageSource source,
        string sourceReference,
        IImageDestination destination,
        string? destinationTag,
        CopyOptions? options = null,
        IProgress<CopyProgressEvent>? progress = null,
        CancellationToken cancellationToken = default)
#pragma warning restore RS0026
    {
        ArgumentNullException.ThrowIfNull(source);
        // Empty is the on-disk transports' "the only image"; a registry refuses it as an invalid reference.
        ArgumentNullException.ThrowIfNull(sourceReference);
        ArgumentNullException.ThrowIfNull(destination);
        if (destinationTag is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(destinationTag);
        }

        return CopyCoreAsync(null, source, sourceReference, destination, destinationTag, (options ?? _defaults()).Snapshot(), progress, cancellationToken);
    }

    private async Task<CopyResult> CopyCoreAsync(
        ImageLocation? sourceLocation,
        IImageSource source,
        string sourceReference,
        IImageDestination destination,
        string? destinationTag,
        CopySettings settings,
        IProgress<CopyProgressEvent>? progress,
        CancellationToken cancellationToken)
    {
        var from = source.Description ?? throw new ArgumentException("The source has no description.", nameof(source));
        var to = destination.Description ?? throw new ArgumentException("The destination has no description.", nameof(destination));
        StoreReferences.Check(from, sourceReference, to, destinationTag);
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
