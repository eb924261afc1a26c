using OciRegistry.Client.Content;

namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// Opens the on-disk locations: <c>oci:</c> as an <see cref="OciLayout"/>, <c>oci-archive:</c> as an
/// <see cref="OciArchiveSource"/> or <see cref="OciArchiveDestination"/>, <c>docker-archive:</c> as a
/// <see cref="DockerArchiveSource"/> or <see cref="DockerArchiveDestination"/>, <c>dir:</c> as an
/// <see cref="ImageDirectory"/>. Each handle owns the object it opened: disposing it releases the archive's index,
/// writes nothing more, and deletes staging files. <see cref="ImageOpener"/> dispatches to it; registered by
/// <c>.AddCopyEngine()</c>.
/// </summary>
public sealed class FileImageOpener : IImageTransportOpener
{
    /// <summary>
    /// Gets the directory that holds the blobs of the <c>oci:</c> layouts opened as sources, as <c>ALG/ENCODED</c>
    /// (see <see cref="OciLayout.SharedBlobDirectory"/>); <see langword="null"/> (the default) for each layout's own
    /// <c>blobs/</c>.
    /// </summary>
    public string? SourceSharedBlobDirectory { get; init; }

    /// <summary>
    /// Gets the directory that receives the blobs of the <c>oci:</c> layouts opened as destinations, as
    /// <c>ALG/ENCODED</c> (see <see cref="OciLayout.SharedBlobDirectory"/>); <see langword="null"/> (the default) for
    /// each layout's own <c>blobs/</c>.
    /// </summary>
    public string? DestinationSharedBlobDirectory { get; init; }

    /// <inheritdoc/>
    public bool CanOpen(ImageTransport transport) =>
        transport is ImageTransport.OciLayout or ImageTransport.OciArchive or ImageTransport.DockerArchive or ImageTransport.Directory;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The location is not an on-disk location.</exception>
    public async Task<ImageSourceHandle> OpenSourceAsync(ImageLocation location, CancellationToken cancellationToken = default)
    {
        var path = PathOf(location);
        try
        {
            switch (location.Transport)
            {
                case ImageTransport.OciLayout:
                    var layout = new OciLayout(path, SourceSharedBlobDirectory);
                    return new ImageSourceHandle(location, layout, layout, new Owned(layout));
                case ImageTransport.OciArchive:
                    var ociArchive = await OciArchiveSource.OpenAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
                    return new ImageSourceHandle(location, ociArchive, ociArchive, new Owned(ociArchive));
                case ImageTransport.DockerArchive:
                    var dockerArchive = await DockerArchiveSource.OpenAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
                    return new ImageSourceHandle(location, dockerArchive, dockerArchive, new Owned(dockerArchive));
                default:
                    var directory = new ImageDirectory(path);
                    return new ImageSourceHandle(location, directory, null, new Owned(directory));
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new NotFoundException($"{path} does not exist", e);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The location is not an on-disk location.</exception>
    public Task<ImageDestinationHandle> OpenDestinationAsync(ImageLocation location, CancellationToken cancellationToken = default)
    {
        var path = PathOf(location);
        if (location.SourceIndex is { } index)
        {
            throw new ArgumentException($"\"{location}\" selects a source image with @{index}; a destination takes a tag, not an index.", nameof(location));
        }

        cancellationToken.ThrowIfCancellationRequested();
        IImageDestination destination;
        IDisposable owned;
        switch (location.Transport)
        {
            case ImageTransport.OciLayout:
                var layout = new OciLayout(path, listUntagged: location.Tag is null, DestinationSharedBlobDirectory);
                (destination, owned) = (layout, layout);
                break;
            case ImageTransport.OciArchive:
                var ociArchive = new OciArchiveDestination(path, untagged: location.Tag is null);
                (destination, owned) = (ociArchive, ociArchive);
                break;
            case ImageTransport.DockerArchive:
                var dockerArchive = new DockerArchiveDestination(path);
                (destination, owned) = (dockerArchive, dockerArchive);
                break;
            default:
                var directory = new ImageDirectory(path);
                (destination, owned) = (directory, directory);
                break;
        }

        return Task.FromResult(new ImageDestinationHandle(location, destination, new Owned(owned)));
    }

    private string PathOf(ImageLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return CanOpen(location.Transport)
            ? location.Path!
            : throw new ArgumentException($"\"{location}\" is not an on-disk location (oci:, oci-archive:, docker-archive:, dir:).", nameof(location));
    }

    /// <summary>The transports' objects release their files synchronously.</summary>
    private sealed class Owned(IDisposable owned) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            owned.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
