namespace OciRegistry.Client;

/// <summary>
/// Opens any <see cref="ImageLocation"/> as a source or a destination, by handing it to the
/// <see cref="IImageTransportOpener"/> that handles its transport: the registry client for <c>docker://</c>, the copy
/// package's <c>FileImageOpener</c> for <c>oci:</c>, <c>oci-archive:</c>, <c>docker-archive:</c> and <c>dir:</c>.
/// Registered by <c>services.AddOciRegistryClient()</c> and <c>.AddCopyEngine()</c>; without dependency injection,
/// <c>new ImageOpener([client, new FileImageOpener()])</c>.
/// </summary>
public sealed class ImageOpener
{
    private readonly IImageTransportOpener[] _transports;

    /// <summary>Composes the openers of some transport families.</summary>
    /// <param name="transports">The openers; the first that handles a location's transport opens it.</param>
    public ImageOpener(IEnumerable<IImageTransportOpener> transports)
    {
        ArgumentNullException.ThrowIfNull(transports);
        _transports = [.. transports];
        foreach (var transport in _transports)
        {
            ArgumentNullException.ThrowIfNull(transport, nameof(transports));
        }
    }

    /// <summary>Opens a location for reading.</summary>
    /// <param name="location">The location.</param>
    /// <param name="cancellationToken">Cancels opening (an archive is indexed here).</param>
    /// <returns>The handle: resolve <see cref="ImageSourceHandle.Reference"/> on <see cref="ImageSourceHandle.Source"/>; dispose it when done.</returns>
    /// <exception cref="NotSupportedException">No opener of the location's transport is registered.</exception>
    /// <exception cref="NotFoundException">An on-disk location's path does not exist.</exception>
    public Task<ImageSourceHandle> OpenSourceAsync(ImageLocation location, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        return For(location).OpenSourceAsync(location, cancellationToken);
    }

    /// <summary>
    /// Opens a location for writing; a registry repository is opened for pull and push (what a copy's destination
    /// needs on every registry).
    /// </summary>
    /// <param name="location">The location, without <c>:@N</c>.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The handle: push the top-level manifest with <see cref="ImageDestinationHandle.Tag"/>; dispose it when done.</returns>
    /// <exception cref="NotSupportedException">No opener of the location's transport is registered.</exception>
    /// <exception cref="ArgumentException">The location selects a source image with <c>:@N</c>.</exception>
    public Task<ImageDestinationHandle> OpenDestinationAsync(ImageLocation location, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        return For(location).OpenDestinationAsync(location, cancellationToken);
    }

    /// <summary>
    /// Inspects the image at a location in one call: opens it, reads its manifest, each image (the one, or every
    /// instance of an index) with its config, and the tags when asked for, and closes it.
    /// </summary>
    /// <param name="location">The location, for example <c>ImageLocation.Parse("oci:/tmp/layout:1.0")</c>.</param>
    /// <param name="includeTags">Whether to list the repository's or store's tags (a registry's costs one more request per page).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The inspection.</returns>
    /// <exception cref="NotSupportedException">No opener of the location's transport is registered.</exception>
    /// <exception cref="NotFoundException">The image, or an on-disk location's path, does not exist.</exception>
    /// <exception cref="InvalidManifestException">The image is a Docker schema 1 image or not an image.</exception>
    public async Task<Inspection.ImageInspection> InspectAsync(ImageLocation location, bool includeTags = false, CancellationToken cancellationToken = default)
    {
        var handle = await OpenSourceAsync(location, cancellationToken).ConfigureAwait(false);
        await using (handle.ConfigureAwait(false))
        {
            return await Inspection.ImageInspector.InspectAsync(handle.Source, handle.Reference, includeTags ? handle.Tags : null, cancellationToken).ConfigureAwait(false);
        }
    }

    private IImageTransportOpener For(ImageLocation location) =>
        Array.Find(_transports, t => t.CanOpen(location.Transport))
        ?? throw new NotSupportedException(location.Transport == ImageTransport.Registry
            ? $"Cannot open {location}: no opener of registry images is registered (the registry client, AddOciRegistryClient)."
            : $"Cannot open {location}: no opener of on-disk images is registered (the copy package's FileImageOpener, AddCopyEngine).");
}
