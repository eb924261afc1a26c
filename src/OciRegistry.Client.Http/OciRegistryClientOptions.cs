using System.Collections.Concurrent;
using OciRegistry.Client.Http.RegistriesConf;

namespace OciRegistry.Client.Http;

/// <summary>Settings of the registry client, bound with <c>services.AddOciRegistryClient(o => …)</c>.</summary>
public sealed class OciRegistryClientOptions
{
    // The settings of hosts the registries configuration marks insecure and Registries does not list, made once each.
    private readonly ConcurrentDictionary<string, RegistryHostOptions> _insecureHosts = new(StringComparer.OrdinalIgnoreCase);

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

    /// <summary>Gets how long a registry may stay silent: before its response headers, and between bytes of a body.</summary>
    public RegistryTimeoutOptions Timeouts { get; } = new();

    /// <summary>
    /// Gets or sets the containers-registries.conf configuration: location rewrites, mirrors, blocked and insecure
    /// registries (read with <see cref="RegistriesConfiguration.Load(string?)"/>, or registered with
    /// <c>.AddRegistriesConfiguration()</c>). <see langword="null"/> (the default) reads no file; each registry's
    /// <see cref="RegistryHostOptions.Mirrors"/> still apply, through the same mechanism.
    /// </summary>
    public RegistriesConfiguration? RegistriesConfiguration { get; set; }

    /// <summary>Returns the settings that apply to a registry.</summary>
    /// <param name="registry">The registry, as written in image references.</param>
    /// <returns>
    /// Its own settings when listed; otherwise <see cref="DefaultRegistry"/>, made insecure (plain HTTP allowed, TLS
    /// not verified) when <see cref="RegistriesConfiguration"/> marks the host insecure.
    /// </returns>
    public RegistryHostOptions For(string registry) =>
        Registries.TryGetValue(registry, out var options) ? options
        : RegistriesConfiguration?.IsInsecure(registry) == true ? _insecureHosts.GetOrAdd(registry, static (_, fallback) => fallback.CopyInsecure(), DefaultRegistry)
        : DefaultRegistry;

    /// <summary>Returns the retry settings that apply to a registry: its own, else <see cref="DefaultRegistry"/>'s, else <see cref="Retry"/>.</summary>
    internal RegistryRetryOptions RetryFor(string registry) => For(registry).Retry ?? DefaultRegistry.Retry ?? Retry;

    /// <summary>Returns the timeouts that apply to a registry: its own, else <see cref="DefaultRegistry"/>'s, else <see cref="Timeouts"/>.</summary>
    internal RegistryTimeoutOptions TimeoutsFor(string registry) => For(registry).Timeouts ?? DefaultRegistry.Timeouts ?? Timeouts;
}

/// <summary>Settings of one registry.</summary>
public sealed class RegistryHostOptions
{
    /// <summary>
    /// Gets or sets a value indicating whether the registry may be reached over plain HTTP and without TLS
    /// verification (the containers setting <c>tls-verify=false</c>, see <see cref="SetTlsVerify"/>): HTTPS is tried
    /// first, then HTTP.
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

    /// <summary>Copies these settings for a host the registries configuration marks insecure.</summary>
    internal RegistryHostOptions CopyInsecure() => new()
    {
        Insecure = true,
        SkipTlsVerify = true,
        CertificateDirectory = CertificateDirectory,
        Retry = Retry,
        Timeouts = Timeouts,
    };

    /// <summary>
    /// Gets or sets a directory of certificates for this registry, laid out as the containers tools'
    /// <c>/etc/containers/certs.d/HOST</c> directories: <c>*.crt</c> files are trusted certificate authorities,
    /// <c>*.cert</c> with the matching <c>*.key</c> a client certificate.
    /// </summary>
    public string? CertificateDirectory { get; set; }

    /// <summary>
    /// Gets or sets this registry's retry settings, in place of <see cref="OciRegistryClientOptions.Retry"/>;
    /// <see langword="null"/> (the default) uses those.
    /// </summary>
    public RegistryRetryOptions? Retry { get; set; }

    /// <summary>
    /// Gets or sets this registry's timeouts, in place of <see cref="OciRegistryClientOptions.Timeouts"/>;
    /// <see langword="null"/> (the default) uses those. They also bound the requests to the registry's token server.
    /// </summary>
    public RegistryTimeoutOptions? Timeouts { get; set; }

    /// <summary>
    /// Gets the pull-through mirrors of this registry, tried in order before it: <c>host[:port]</c> with an optional
    /// path prefix, for example <c>mirror.example/dockerhub</c>, which holds <c>library/alpine</c> as
    /// <c>dockerhub/library/alpine</c>. They are added to <see cref="OciRegistryClientOptions.RegistriesConfiguration"/>
    /// as <c>[[registry.mirror]]</c> tables of a <c>[[registry]]</c> whose prefix is this registry (after the file's
    /// own mirrors of that prefix), so they behave exactly like mirrors in containers-registries.conf: only
    /// repositories opened with <see cref="RepositoryAccess.Pull"/> use them, a mirror that fails is skipped, and the
    /// registry itself is asked last. Each mirror uses its own entry in <see cref="OciRegistryClientOptions.Registries"/>.
    /// Only a listed registry has mirrors: <see cref="OciRegistryClientOptions.DefaultRegistry"/> must not set them.
    /// </summary>
    public IList<string> Mirrors { get; } = [];
}

/// <summary>
/// Retry settings for requests that can be sent again (GET, HEAD, and bodies held in memory), when no operation owns
/// the retries: the requests of a blob the copy engine copies are sent once each, and the engine retries the blob.
/// </summary>
public sealed class RegistryRetryOptions
{
    /// <summary>Gets or sets how many times a failed request is retried (at most this + 1 attempts); 0 turns retries off. 3 by default.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Gets or sets the delay before the first retry; later ones back off exponentially, with jitter. 0.5 s by default.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets the longest wait between attempts, also for a registry's <c>Retry-After</c>. 60 s by default.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// How long a registry (or its token server, or the storage it redirects blobs to) may stay silent before a request
/// fails with an error naming the host and what was being read. A timed-out request is a transient failure: retried
/// like a dropped connection, and a blob read that times out is resumed or retried by the copy engine.
/// </summary>
public sealed class RegistryTimeoutOptions
{
    /// <summary>
    /// Gets or sets how long a request waits for the response headers once it is sent; 30 s by default. Requests with a
    /// streaming body (blob uploads) are not limited by it, as their answer only starts once the whole body is sent.
    /// </summary>
    public TimeSpan ResponseHeaders { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how long the reading of a response body (a manifest, a blob, a token, an error) waits for the next
    /// byte; 30 s by default. A body that keeps arriving, however slowly, is never cut short.
    /// </summary>
    public TimeSpan IdleRead { get; set; } = TimeSpan.FromSeconds(30);
}
