using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OciRegistry.Client.Auth;
using OciRegistry.Client.Http.Resilience;
using OciRegistry.Client.Http.Transport;

namespace OciRegistry.Client.Http;

/// <summary>
/// The entry point to OCI and Docker registries: hands out <see cref="RegistryRepository"/> objects and answers
/// registry-wide questions (ping, catalog). Registered as a singleton by <c>services.AddOciRegistryClient()</c>;
/// each registry is pinged once per client lifetime and its connection settings are shared by all its repositories.
/// Without dependency injection, <see cref="Create"/> builds one with the same handler pipeline.
/// </summary>
public sealed partial class OciRegistryClient : IDisposable
{
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly OciRegistryClientOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, RegistryConnection> _connections = new(StringComparer.OrdinalIgnoreCase);

    // The HTTP pipelines of a client made by Create, which the client owns; a factory from dependency injection owns its own.
    private readonly RegistryHttpClients? _ownedClients;

    /// <summary>Creates a client; hosts get one from dependency injection instead.</summary>
    /// <param name="httpClientFactory">The factory whose named clients carry each registry's settings and handlers.</param>
    /// <param name="options">The client's settings.</param>
    /// <param name="loggerFactory">Where log messages go; none when <see langword="null"/>.</param>
    public OciRegistryClient(IHttpClientFactory httpClientFactory, IOptions<OciRegistryClientOptions> options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(options);
        _httpClientFactory = httpClientFactory;
        _options = options.Value;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<OciRegistryClient>();
        Registries = EffectiveRegistries(_options);
    }

    private OciRegistryClient(RegistryHttpClients clients, OciRegistryClientOptions options, ILoggerFactory loggerFactory)
        : this(clients, Microsoft.Extensions.Options.Options.Create(options), loggerFactory) => _ownedClients = clients;

    /// <summary>
    /// Creates a client without dependency injection, for tools and scripts that have no host: the same handler
    /// pipeline <c>services.AddOciRegistryClient()</c> builds (retries, the shared rate-limit gate, Basic and Bearer
    /// authentication with the credential stores <paramref name="authentication"/> describes, each registry's TLS
    /// settings), with HTTP connections owned by the client: dispose it when done.
    /// </summary>
    /// <param name="options">The client's settings, validated here and read from then on; the defaults when <see langword="null"/>.</param>
    /// <param name="authentication">Where credentials come from; the defaults (auth files and their helpers) when <see langword="null"/>.</param>
    /// <param name="rateLimits">How requests slow down near a registry's rate limit; the defaults when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Where log messages go; none when <see langword="null"/>.</param>
    /// <returns>The client.</returns>
    /// <exception cref="OptionsValidationException"><paramref name="options"/> has a bad setting; the message names it.</exception>
    public static OciRegistryClient Create(
        OciRegistryClientOptions? options = null,
        RegistryAuthenticationOptions? authentication = null,
        RegistryRateLimitOptions? rateLimits = null,
        ILoggerFactory? loggerFactory = null)
    {
        options ??= new OciRegistryClientOptions();
        var validation = new OciRegistryClientOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(OciRegistryClientOptions), validation.Failures);
        }

        var loggers = loggerFactory ?? NullLoggerFactory.Instance;
        var clients = new RegistryHttpClients(
            options,
            RegistryAuthenticator.Create(authentication ?? new RegistryAuthenticationOptions(), loggerFactory: loggers),
            new RegistryRateLimits(Microsoft.Extensions.Options.Options.Create(rateLimits ?? new RegistryRateLimitOptions()), loggers),
            loggers);
        return new OciRegistryClient(clients, options, loggers);
    }

    /// <summary>
    /// Returns the repository an image reference names, for reading. With a registries configuration
    /// (<see cref="OciRegistryClientOptions.RegistriesConfiguration"/>, or a registry's
    /// <see cref="RegistryHostOptions.Mirrors"/>), its reads go to the matching mirrors first and then to the primary
    /// location the configuration rewrites the reference to; whether the reference has a digest or a tag decides which
    /// mirrors serve it.
    /// </summary>
    /// <param name="reference">The image reference, for example <c>ImageReference.Parse("ghcr.io/org/app:1.0")</c>.</param>
    /// <returns>The repository.</returns>
    /// <exception cref="RegistriesConf.BlockedRegistryException">The registries configuration blocks the reference.</exception>
    public RegistryRepository GetRepository(ImageReference reference) => GetRepository(reference, RepositoryAccess.Pull);

    /// <summary>
    /// Returns the repository an image reference names. Opened for <see cref="RepositoryAccess.Pull"/>, it reads
    /// through the mirrors and rewrites of the registries configuration (see <see cref="GetRepository(ImageReference)"/>);
    /// opened for anything else (a copy's destination, a delete), it is the reference as written and never a mirror.
    /// </summary>
    /// <param name="reference">The image reference.</param>
    /// <param name="access">What the caller means to do, so that one token covers it (<see cref="RepositoryAccess.PullPush"/> for a copy's destination).</param>
    /// <returns>The repository.</returns>
    /// <exception cref="RegistriesConf.BlockedRegistryException">The registries configuration blocks the reference.</exception>
    public RegistryRepository GetRepository(ImageReference reference, RepositoryAccess access)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return Open(reference, access);
    }

    /// <summary>Returns a repository by name, normalised as an image reference (<c>nginx</c> is <c>docker.io/library/nginx</c>).</summary>
    /// <param name="name">The repository name, with or without its registry.</param>
    /// <returns>The repository.</returns>
    /// <exception cref="InvalidReferenceException">The name is not a valid repository name.</exception>
    public RegistryRepository GetRepository(string name)
    {
        var reference = ImageReference.Parse(name);
        if (reference.Tag is not null || reference.Digest is not null)
        {
            throw new InvalidReferenceException(name, "a repository name has no tag or digest");
        }

        return GetRepository(reference);
    }

    /// <summary>
    /// Checks that a registry answers the distribution API (<c>GET /v2/</c>), choosing https, or http for a registry
    /// marked insecure that does not speak TLS. The answer is kept for the client's lifetime; a failure is not.
    /// </summary>
    /// <param name="registry">The registry, as written in image references (for example <c>localhost:5000</c>).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The base address the registry's API answers at.</returns>
    /// <exception cref="OciRegistryException">The registry did not answer as a distribution registry.</exception>
    /// <exception cref="HttpRequestException">The registry could not be reached.</exception>
    public Task<Uri> PingAsync(string registry, CancellationToken cancellationToken = default) =>
        GetConnection(ParseRegistry(registry)).GetBaseAddressAsync(cancellationToken);

    /// <summary>
    /// Closes the HTTP connections of a client made by <see cref="Create"/>; a client from dependency injection
    /// leaves its connections to the host's HTTP client factory, so this does nothing there.
    /// </summary>
    public void Dispose() => _ownedClients?.Dispose();

    internal RegistryConnection GetConnection(ImageReference reference) =>
        _connections.GetOrAdd(
            reference.Registry,
            static (registry, state) => new RegistryConnection(
                registry,
                state.Reference.ApiEndpoint,
                state.Client._options.For(registry),
                state.Client._options,
                state.Client._httpClientFactory,
                state.Client._logger),
            (Client: this, Reference: reference));

    private static ImageReference ParseRegistry(string registry)
    {
        ArgumentException.ThrowIfNullOrEmpty(registry);
        var reference = ImageReference.Parse($"{registry}/ping");
        return string.Equals(reference.Registry, registry, StringComparison.OrdinalIgnoreCase)
            || (registry == "index.docker.io" && reference.Registry == ImageReference.DockerHubRegistry)
            ? reference
            : throw new InvalidReferenceException(registry, "it is not a registry host name (host, host:port or [IPv6]:port)");
    }
}
