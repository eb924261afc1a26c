using OciRegistry.Client.Content;

namespace OciRegistry.Client.Http;

// The registry and repository of this repository, told to the copy engine so it can mount blobs between repositories of
// one registry. The properties themselves live in RegistryRepository.cs.
public sealed partial class RegistryRepository : IRepositoryLocation;
