namespace OciRegistry.Client.Http;

/// <summary>Settings of the registry client, bound with <c>services.AddOciRegistryClient(o => …)</c>.</summary>
public sealed class OciRegistryClientOptions
{
    /// <summary>
    /// Gets per-registry settings, keyed by registry as written in image references (<c>host</c> or
    /// <c>host:port</c>, for example <c>localhost:5000</c> or <c>docker.io</c>). Registries not listed use
    /// <see cref="DefaultRegistry"/>.
    /// </summary>
    public IDictionary<string, RegistryHostOptions> Registries { get; } =
        new Dictionary<string, RegistryHostOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the settings for registries that <see cref="Registries"/> does not list.</summary>
    public RegistryHostOptions DefaultRegistry { get; } = new();

    /// <summary>Gets or sets the <c>User-Agent</c> sent with every request.</summary>
    public string UserAgent { get; set; } = "OciRegistry.Client/0.1";

    /// <summary>Gets or sets the largest manifest accepted, in bytes (4 MiB by default).</summary>
    public int MaxManifestSize { get; set; } = Models.Manifest.DefaultMaxSize;

    /// <summary>
    /// Gets or sets the chunk size of chunked uploads, in bytes (raised to the registry's
    /// <c>OCI-Chunk-Min-Length</c> when it asks for more). 8 MiB by default.
    /// </summary>
    public int ChunkSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// Gets or sets the size from which <see cref="UploadStrategy.Automatic"/> uploads in chunks rather than in one
    /// monolithic PUT, in bytes. 64 MiB by default.
    /// </summary>
    public long ChunkedUploadThreshold { get; set; } = 64L * 1024 * 1024;

    /// <summary>Gets or sets how long one request may take before it is abandoned, excluding body streaming. 100 s by default.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Gets the retry settings for requests that can safely be sent again.</summary>
    public RegistryRetryOptions Retry { get; } = new();

    /// <summary>Returns the settings that apply to a registry.</summary>
    /// <param name="registry">The registry, as written in image references.</param>
    /// <returns>Its own settings when listed, otherwise <see cref="DefaultRegistry"/>.</returns>
    public RegistryHostOptions For(string registry) =>
        Registries.TryGetValue(registry, out var options) ? options : DefaultRegistry;

    /// <summary>Returns the retry settings that apply to a registry: its own, else <see cref="DefaultRegistry"/>'s, else <see cref="Retry"/>.</summary>
    internal RegistryRetryOptions RetryFor(string registry) => For(registry).Retry ?? DefaultRegistry.Retry ?? Retry;
}

/// <summary>Settings of one registry.</summary>
public sealed class RegistryHostOptions
{
    /// <summary>
    /// Gets or sets a value indicating whether the registry may be reached over plain HTTP and without TLS
    /// verification (skopeo's <c>--tls-verify=false</c>): HTTPS is tried first, then HTTP.
    /// </summary>
    public bool Insecure { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the registry's TLS certificate is accepted without verification, while
    /// still requiring HTTPS. <see cref="Insecure"/> implies it.
    /// </summary>
    public bool SkipTlsVerify { get; set; }

    /// <summary>
    /// Applies the containers <c>tls-verify</c> setting, as containers/image reads it: <see langword="false"/> skips
    /// certificate verification and lets the registry be reached over plain HTTP (<see cref="Insecure"/> and
    /// <see cref="SkipTlsVerify"/>); <see langword="true"/> requires HTTPS with a verified certificate.
    /// </summary>
    /// <param name="verify">The setting.</param>
    public void SetTlsVerify(bool verify)
    {
        Insecure = !verify;
        SkipTlsVerify = !verify;
    }

    /// <summary>
    /// Gets or sets a directory of certificates for this registry, as skopeo's <c>--cert-dir</c>: <c>*.crt</c> files
    /// are trusted certificate authorities, <c>*.cert</c> with the matching <c>*.key</c> a client certificate.
    /// </summary>
    public string? CertificateDirectory { get; set; }

    /// <summary>
    /// Gets or sets this registry's retry settings, in place of <see cref="OciRegistryClientOptions.Retry"/>;
    /// <see langword="null"/> (the default) uses those.
    /// </summary>
    public RegistryRetryOptions? Retry { get; set; }

    /// <summary>
    /// Gets the pull-through mirrors of this registry, tried in order before it (as containers-registries.conf's
    /// mirrors): <c>host[:port]</c> with an optional path prefix, for example <c>mirror.example/dockerhub</c>, which
    /// holds <c>library/alpine</c> as <c>dockerhub/library/alpine</c>. Only repositories opened with
    /// <see cref="RepositoryAccess.Pull"/> use them, for manifests and blobs; a mirror that fails is skipped, and the
    /// registry itself is asked last. Each mirror uses its own entry in <see cref="OciRegistryClientOptions.Registries"/>.
    /// </summary>
    public IList<string> Mirrors { get; } = [];
}

/// <summary>Retry settings for requests that can be sent again (GET, HEAD, and bodies held in memory).</summary>
public sealed class RegistryRetryOptions
{
    /// <summary>Gets or sets how many times a failed request is retried; 0 turns retries off. 3 by default.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Gets or sets the delay before the first retry; later ones back off exponentially, with jitter. 0.5 s by default.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets the longest wait between attempts, also for a registry's <c>Retry-After</c>. 60 s by default.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Gets or sets how long one attempt may wait for the response headers before it is abandoned and, if retries
    /// remain, tried again; <see langword="null"/> (the default) sets no limit per attempt. Applies to requests that can
    /// be retried; streaming uploads and the reading of bodies are not limited by it.
    /// </summary>
    public TimeSpan? AttemptTimeout { get; set; }
}
