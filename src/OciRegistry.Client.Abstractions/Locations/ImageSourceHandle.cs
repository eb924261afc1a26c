using OciRegistry.Client.Content;

namespace OciRegistry.Client;

/// <summary>
/// An <see cref="ImageLocation"/> opened for reading (by <see cref="ImageOpener.OpenSourceAsync"/>): the source, the
/// reference to resolve on it, and its tag listing when the transport has one. Disposing it releases what opening
/// took (an archive's index and files); a registry source holds nothing.
/// </summary>
public sealed class ImageSourceHandle : IAsyncDisposable
{
    private IAsyncDisposable? _resources;

    /// <summary>Creates a handle; an <see cref="IImageTransportOpener"/> does this.</summary>
    /// <param name="location">The location opened.</param>
    /// <param name="source">The source that reads it.</param>
    /// <param name="tags">Lists the tags of the repository or store; <see langword="null"/> when the transport has no tags (<c>dir:</c>).</param>
    /// <param name="resources">What disposing the handle releases; <see langword="null"/> when the source holds nothing.</param>
    public ImageSourceHandle(ImageLocation location, IImageSource source, ITagLister? tags, IAsyncDisposable? resources)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(source);
        Location = location;
        Source = source;
        Tags = tags;
        _resources = resources;
    }

    /// <summary>Gets the location opened.</summary>
    public ImageLocation Location { get; }

    /// <summary>Gets the source; valid until the handle is disposed.</summary>
    public IImageSource Source { get; }

    /// <summary>Gets the reference to resolve on <see cref="Source"/>: the location's <see cref="ImageLocation.SourceReference"/>.</summary>
    public string Reference => Location.SourceReference;

    /// <summary>Gets the tag listing of the repository or store; <see langword="null"/> when the transport has no tags (<c>dir:</c>).</summary>
    public ITagLister? Tags { get; }

    /// <summary>Releases what opening the source took; later calls do nothing.</summary>
    /// <returns>A task that completes when the resources are released.</returns>
    public ValueTask DisposeAsync() =>
        Interlocked.Exchange(ref _resources, null) is { } resources ? resources.DisposeAsync() : ValueTask.CompletedTask;
}
