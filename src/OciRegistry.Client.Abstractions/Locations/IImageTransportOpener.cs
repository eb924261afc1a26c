namespace OciRegistry.Client;

/// <summary>
/// Opens the locations of one family of transports: the registry client opens <c>docker://</c> locations, the
/// copy package the on-disk ones. <see cref="ImageOpener"/> composes them and dispatches each location to the one
/// that handles its transport.
/// </summary>
public interface IImageTransportOpener
{
    /// <summary>Tells whether this opener opens the locations of a transport.</summary>
    /// <param name="transport">The transport.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    bool CanOpen(ImageTransport transport);

    /// <summary>Opens a location for reading.</summary>
    /// <param name="location">A location of a transport this opener can open (<see cref="CanOpen"/>).</param>
    /// <param name="cancellationToken">Cancels opening (an archive is indexed here).</param>
    /// <returns>The handle; dispose it when done.</returns>
    /// <exception cref="NotFoundException">An on-disk location's path does not exist.</exception>
    Task<ImageSourceHandle> OpenSourceAsync(ImageLocation location, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a location for writing; a registry repository is opened for pull and push, whatever the registry's
    /// authorization, so that the access a copy asks for does not depend on the registry.
    /// </summary>
    /// <param name="location">A location of a transport this opener can open (<see cref="CanOpen"/>), without <c>:@N</c>.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The handle; dispose it when done (an archive is written by then, and its staging files deleted).</returns>
    /// <exception cref="ArgumentException">The location selects a source image with <c>:@N</c>.</exception>
    Task<ImageDestinationHandle> OpenDestinationAsync(ImageLocation location, CancellationToken cancellationToken = default);
}
