namespace OciRegistry.Client.Http;

/// <summary>The client opens <c>docker://</c> locations for <see cref="ImageOpener"/>.</summary>
public partial class OciRegistryClient : IImageTransportOpener
{
    /// <inheritdoc/>
    bool IImageTransportOpener.CanOpen(ImageTransport transport) => transport == ImageTransport.Registry;

    /// <inheritdoc/>
    /// <remarks>The repository is opened for pull; the handle holds nothing to release.</remarks>
    Task<ImageSourceHandle> IImageTransportOpener.OpenSourceAsync(ImageLocation location, CancellationToken cancellationToken)
    {
        var repository = GetRepository(ReferenceOf(location), RepositoryAccess.Pull);
        return Task.FromResult(new ImageSourceHandle(location, repository, repository, null));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The repository is opened for pull and push: a registry that authorizes by token grants what a copy's
    /// destination needs (checks, mounts, pushes) at once, and one that does not behaves the same.
    /// </remarks>
    Task<ImageDestinationHandle> IImageTransportOpener.OpenDestinationAsync(ImageLocation location, CancellationToken cancellationToken)
    {
        var repository = GetRepository(ReferenceOf(location), RepositoryAccess.PullPush);
        return Task.FromResult(new ImageDestinationHandle(location, repository, null));
    }

    private static ImageReference ReferenceOf(ImageLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.RegistryReference
            ?? throw new ArgumentException($"\"{location}\" is not a registry location (docker://).", nameof(location));
    }
}
