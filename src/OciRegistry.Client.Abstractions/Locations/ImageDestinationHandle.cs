using OciRegistry.Client.Content;

namespace OciRegistry.Client;

/// <summary>
/// An <see cref="ImageLocation"/> opened for writing (by <see cref="ImageOpener.OpenDestinationAsync"/>): the
/// destination and the tag to write the top-level manifest under. Disposing it releases what opening took (an
/// archive's staging files, a layout's lock); a registry destination holds nothing.
/// </summary>
public sealed class ImageDestinationHandle : IAsyncDisposable
{
    private IAsyncDisposable? _resources;

    /// <summary>Creates a handle; an <see cref="IImageTransportOpener"/> does this.</summary>
    /// <param name="location">The location opened.</param>
    /// <param name="destination">The destination that writes it.</param>
    /// <param name="resources">What disposing the handle releases; <see langword="null"/> when the destination holds nothing.</param>
    public ImageDestinationHandle(ImageLocation location, IImageDestination destination, IAsyncDisposable? resources)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(destination);
        Location = location;
        Destination = destination;
        _resources = resources;
    }

    /// <summary>Gets the location opened.</summary>
    public ImageLocation Location { get; }

    /// <summary>Gets the destination; valid until the handle is disposed.</summary>
    public IImageDestination Destination { get; }

    /// <summary>
    /// Gets the tag to push the top-level manifest with: the location's <see cref="ImageLocation.DestinationTag"/>
    /// (<see langword="null"/> to write it by digest, or untagged).
    /// </summary>
    public string? Tag => Location.DestinationTag;

    /// <summary>Releases what opening the destination took; later calls do nothing.</summary>
    /// <returns>A task that completes when the resources are released.</returns>
    public ValueTask DisposeAsync() =>
        Interlocked.Exchange(ref _resources, null) is { } resources ? resources.DisposeAsync() : ValueTask.CompletedTask;
}
