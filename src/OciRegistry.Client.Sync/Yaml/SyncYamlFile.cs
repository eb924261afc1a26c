using OciRegistry.Client.Auth;
using OciRegistry.Client.Http;

namespace OciRegistry.Client.Sync.Yaml;

/// <summary>
/// A sync YAML file: per registry, <c>images</c> (repository → tags or digests; an empty list for every tag),
/// <c>images-by-tag-regex</c>, <c>images-by-semver</c>, <c>credentials</c> (<c>username</c>, <c>password</c>),
/// <c>tls-verify</c> (absent = verify) and <c>cert-dir</c>. Parsed without reflection, so it works in a Native AOT
/// host.
/// </summary>
internal sealed record SyncYamlFile
{
    /// <summary>Gets the registries, in the order the file lists them.</summary>
    public required IReadOnlyList<SyncYamlRegistry> Registries { get; init; }

    /// <summary>Parses the YAML text of a sync file.</summary>
    /// <param name="yaml">The text.</param>
    /// <returns>The file.</returns>
    /// <exception cref="FormatException">The text is not a sync file; the message names the line and the key.</exception>
    public static SyncYamlFile Parse(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return SyncYamlParser.Parse(yaml);
    }

    /// <summary>Reads and parses a sync file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The file.</returns>
    /// <exception cref="FormatException">The text is not a sync file.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async Task<SyncYamlFile> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            return Parse(text);
        }
        catch (FormatException e)
        {
            throw new FormatException($"Failed to read the sync file \"{path}\": {e.Message}", e);
        }
    }

    /// <summary>
    /// Puts each registry's <c>tls-verify</c>, <c>cert-dir</c> and <c>credentials</c> into the client's settings (the
    /// file gives them to reach its source registries); call it while configuring the services, before the client is
    /// built.
    /// </summary>
    /// <param name="client">The registry client's options.</param>
    /// <param name="authentication">The authentication options; <see langword="null"/> to leave credentials alone.</param>
    public void ApplyTo(OciRegistryClientOptions client, RegistryAuthenticationOptions? authentication)
    {
        ArgumentNullException.ThrowIfNull(client);
        foreach (var registry in Registries)
        {
            if (registry.TlsVerify is not null || registry.CertDirectory is not null)
            {
                var host = client.Registries.TryGetValue(registry.Registry, out var existing) ? existing : new RegistryHostOptions();
                if (registry.TlsVerify is { } verify)
                {
                    host.SetTlsVerify(verify);
                }

                if (registry.CertDirectory is { } certificates)
                {
                    host.CertificateDirectory = certificates;
                }

                client.Registries[registry.Registry] = host;
            }

            if (authentication is not null && registry.Username is { } user)
            {
                authentication.Credentials[registry.Registry] = RegistryCredential.FromUsernamePassword(user, registry.Password ?? string.Empty);
            }
        }
    }
}
