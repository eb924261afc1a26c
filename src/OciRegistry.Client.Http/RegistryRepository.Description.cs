using OciRegistry.Client.Content;

namespace OciRegistry.Client.Http;

public partial class RegistryRepository
{
    private ImageStoreDescription? _description;

    /// <inheritdoc/>
    /// <remarks>
    /// A repository of <see cref="Registry"/> that mounts blobs from the registry's other repositories itself, so the
    /// copy engine mounts instead of transferring between repositories of one registry.
    /// </remarks>
    public virtual ImageStoreDescription Description => _description ??= ImageStoreDescription.ForRegistryRepository(Registry, Repository, this).WithReferrers(this);
}
