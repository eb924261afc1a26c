namespace OciRegistry.Client.Auth.Credentials;

/// <summary>
/// Credentials given in <see cref="RegistryAuthenticationOptions.Credentials"/>, keyed like auth files
/// (<c>host</c>, <c>host/namespace</c>; Docker Hub's aliases fold into <c>docker.io</c>), most specific first.
/// </summary>
internal sealed class ExplicitCredentialStore : ICredentialStore
{
    private readonly Dictionary<string, RegistryCredential> _credentials = new(StringComparer.Ordinal);

    public ExplicitCredentialStore(IEnumerable<KeyValuePair<string, RegistryCredential>> credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        foreach (var (key, credential) in credentials)
        {
            _credentials.TryAdd(RegistryHosts.Normalize(key), credential);
        }
    }

    public Task<RegistryCredential?> GetAsync(string registry, string? repository, CancellationToken cancellationToken)
    {
        foreach (var key in RegistryHosts.LookupKeys(registry, repository))
        {
            if (_credentials.TryGetValue(key, out var credential))
            {
                return Task.FromResult<RegistryCredential?>(credential);
            }
        }

        return Task.FromResult<RegistryCredential?>(null);
    }
}

/// <summary>Asks stores in turn; the first that has credentials answers.</summary>
internal sealed class CredentialStoreChain(IReadOnlyList<ICredentialStore> stores) : ICredentialStore
{
    public IReadOnlyList<ICredentialStore> Stores { get; } = stores;

    public async Task<RegistryCredential?> GetAsync(string registry, string? repository, CancellationToken cancellationToken)
    {
        foreach (var store in Stores)
        {
            if (await store.GetAsync(registry, repository, cancellationToken).ConfigureAwait(false) is { } credential)
            {
                return credential;
            }
        }

        return null;
    }
}
