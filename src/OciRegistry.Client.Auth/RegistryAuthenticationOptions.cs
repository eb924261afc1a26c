namespace OciRegistry.Client.Auth;

/// <summary>Settings of registry authentication, bound with <c>services.AddOciRegistryAuthentication(o => …)</c>.</summary>
public sealed class RegistryAuthenticationOptions
{
    /// <summary>
    /// Gets explicit credentials (a username and password, or a registry token), keyed by registry (<c>host</c>,
    /// <c>host:port</c>) or by a namespace of one (<c>host/team</c>; the most specific key wins). Docker Hub may be
    /// written <c>docker.io</c>, <c>index.docker.io</c>, <c>registry-1.docker.io</c> or
    /// <c>https://index.docker.io/v1/</c>. They are asked before any other credential store.
    /// </summary>
    public IDictionary<string, RegistryCredential> Credentials { get; } =
        new Dictionary<string, RegistryCredential>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Gets or sets the auth file to read. When set, or when <c>REGISTRY_AUTH_FILE</c> is, only that file is read;
    /// otherwise podman's and docker's default files are, in the order of containers/image:
    /// <c>$XDG_RUNTIME_DIR/containers/auth.json</c>, <c>${XDG_CONFIG_HOME:-~/.config}/containers/auth.json</c>, then
    /// <c>$DOCKER_CONFIG/config.json</c> or <c>~/.docker/config.json</c>.
    /// </summary>
    public string? AuthFile { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the auth files and the credential helpers they name are read.
    /// <see langword="true"/> by default; turn off to use only <see cref="Credentials"/> and registered
    /// <see cref="ICredentialStore"/> services.
    /// </summary>
    public bool UseAuthFiles { get; set; } = true;

    /// <summary>Gets or sets how long a <c>docker-credential-*</c> helper may run before it is killed. 30 s by default.</summary>
    public TimeSpan CredentialHelperTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets environment variables for the <c>docker-credential-*</c> helpers, set on top of this process's
    /// environment (an empty value removes one). A <c>PATH</c> here is also where the helpers are looked for. For
    /// example <c>GNUPGHOME</c> and <c>PASSWORD_STORE_DIR</c> for <c>docker-credential-pass</c>.
    /// </summary>
    public IDictionary<string, string> CredentialHelperEnvironment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets or sets how long one token request may take. 60 s by default.</summary>
    public TimeSpan TokenRequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Gets or sets how long credentials found in the stores are reused before the stores are asked again
    /// (helpers run as processes). 5 minutes by default.
    /// </summary>
    public TimeSpan CredentialCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the OAuth2 <c>client_id</c> sent with token POSTs. <c>OciRegistry.Client</c> by default.</summary>
    public string ClientId { get; set; } = "OciRegistry.Client";

    /// <summary>
    /// Gets or sets a value indicating whether a username and password are exchanged for a token with the OAuth2
    /// password grant (POST) rather than with a GET and Basic credentials. Off by default, as with docker.
    /// </summary>
    public bool UseOAuth2PasswordGrant { get; set; }
}
