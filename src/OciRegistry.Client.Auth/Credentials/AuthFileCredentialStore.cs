namespace OciRegistry.Client.Auth.Credentials;

/// <summary>
/// The credentials of one auth file: <c>credHelpers[registry]</c> first, then the <c>credsStore</c> helper (which
/// docker uses and containers/image ignores), then the most specific <c>auths</c> entry (<c>host/ns/repo</c> …
/// <c>host</c>). The file is read on every lookup, so a <c>login</c> in another process is seen.
/// </summary>
internal sealed class AuthFileCredentialStore(string path, Func<string, CredentialHelper> helpers) : ICredentialStore
{
    public string Path { get; } = path;

    public async Task<RegistryCredential?> GetAsync(string registry, string? repository, CancellationToken cancellationToken)
    {
        var file = await AuthFile.ReadAsync(Path, cancellationToken).ConfigureAwait(false);
        if (file is null)
        {
            return null;
        }

        if (file.CredentialHelpers.TryGetValue(RegistryHosts.Normalize(registry), out var helperName)
            && await helpers(helperName).GetAsync(registry, cancellationToken).ConfigureAwait(false) is { } fromHelper)
        {
            return fromHelper;
        }

        if (file.CredentialsStore is { } store
            && await helpers(store).GetAsync(registry, cancellationToken).ConfigureAwait(false) is { } fromStore)
        {
            return fromStore;
        }

        return file.Find(registry, repository);
    }

    public override string ToString() => $"auth file {Path}";
}
