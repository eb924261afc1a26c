using Microsoft.Extensions.Logging;
using OciRegistry.Client.Auth;
using OciRegistry.Client.Cli.Options;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Copy.Transports;
using OciRegistry.Client.Http;
using OciRegistry.Client.Http.RegistriesConf;
using OciRegistry.Client.Sync;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace OciRegistry.Client.Cli.Hosting;

/// <summary>
/// The SDK's objects for one command, built from its flags: the registry client with each image's TLS settings and
/// the authentication options from its credential flags, and on first use the image opener, the copy engine, the
/// syncer or the login store. Composed directly (<see cref="OciRegistryClient.Create"/>), not through a dependency-injection container:
/// Native AOT builds a container's open generic services (options, loggers, the HTTP client factory) at run time,
/// which was a quarter of a short command's CPU.
/// </summary>
internal sealed class CliServices : IAsyncDisposable
{
    private readonly ILoggerFactory _loggers;
    private readonly RegistryAuthenticationOptions _authentication;
    private ImageOpener? _opener;
    private ImageCopier? _copier;
    private RegistryLoginStore? _logins;
    private Trust.ImageTrustPolicy? _trust;

    private CliServices(OciRegistryClient client, RegistryAuthenticationOptions authentication, ILoggerFactory loggers)
    {
        Client = client;
        _authentication = authentication;
        _loggers = loggers;
    }

    /// <summary>Gets the registry client.</summary>
    public OciRegistryClient Client { get; }

    /// <summary>Gets the opener of every transport's locations: registries through <see cref="Client"/>, and the on-disk transports.</summary>
    public ImageOpener Opener => _opener ??= new ImageOpener([Client, new FileImageOpener()]);

    /// <summary>Gets the copy engine, with the default copy options (each copy passes its own).</summary>
    public ImageCopier Copier => _copier ??= new ImageCopier(MsOptions.Create(new CopyOptions()), _loggers.CreateLogger<ImageCopier>(), _trust);

    /// <summary>Gets the trust context signature copying and signing use; set by <see cref="UseTrust"/>.</summary>
    public Trust.Verification.TrustContext? TrustContext { get; private set; }

    /// <summary>Gets where signatures live (registries.d); set by <see cref="UseTrust"/>.</summary>
    public Trust.Signatures.RegistriesConfiguration? Registries { get; private set; }

    /// <summary>
    /// Makes every copy of this command pass the trust policy first, reading the policy and registries.d now so that
    /// their errors come before anything is opened. Call it before <see cref="Copier"/> is first used.
    /// </summary>
    /// <param name="options">The policy settings from the global flags.</param>
    /// <returns>The policy.</returns>
    public Trust.ImageTrustPolicy UseTrust(Trust.TrustPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _trust = new Trust.ImageTrustPolicy(MsOptions.Create(options), _loggers);
        _trust.Load();
        TrustContext = new Trust.Verification.TrustContext(options, _loggers, TimeProvider.System);
        Registries = Trust.Signatures.RegistriesConfiguration.Load(options.ResolveRegistriesDirectory());
        return _trust;
    }

    /// <summary>Gets the login store behind <c>login</c> and <c>logout</c>.</summary>
    public RegistryLoginStore Logins => _logins ??= new RegistryLoginStore(MsOptions.Create(_authentication), _loggers);

    /// <summary>Creates the syncer, on <see cref="Client"/> and <see cref="Copier"/> (each sync passes its own options).</summary>
    /// <returns>The syncer.</returns>
    public ImageSyncer CreateSyncer() => new(Client, Copier, MsOptions.Create(new SyncOptions()), _loggers.CreateLogger<ImageSyncer>());

    /// <summary>Builds the objects for the images of one command.</summary>
    /// <param name="console">Standard error receives warnings, and debug traces with <paramref name="debug"/>.</param>
    /// <param name="debug"><c>--debug</c>.</param>
    /// <param name="images">Every registry image of the command with its flags (on-disk images are ignored).</param>
    /// <param name="retryTimes"><c>--retry-times</c>, when given: retries of a failed request.</param>
    /// <param name="sharedAccess">Settings that are not per image (<c>login</c>'s flags), when there is no image.</param>
    /// <param name="sharedRegistry">The registry <paramref name="sharedAccess"/> is for (<c>login</c>'s argument).</param>
    /// <param name="registriesConf"><c>--registries-conf</c>: the registries configuration file; <see langword="null"/> to look it up.</param>
    /// <param name="configureClient">Changes the client's options after the flags set them (<c>sync</c>: a YAML file's registries).</param>
    /// <param name="configureAuthentication">Changes the authentication options after the flags set them.</param>
    /// <returns>The objects; dispose them when the command ends.</returns>
    /// <exception cref="CliUsageException">The images' flags cannot be honoured together.</exception>
    public static CliServices Create(
        CliConsole console,
        bool debug,
        IReadOnlyList<(ImageLocation Image, ImageAccess Access)> images,
        int? retryTimes = null,
        ImageAccess? sharedAccess = null,
        string? sharedRegistry = null,
        string? registriesConf = null,
        Action<OciRegistryClientOptions>? configureClient = null,
        Action<RegistryAuthenticationOptions>? configureAuthentication = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(images);
        var registries = images.Where(i => i.Image.RegistryReference is not null).Select(i => (Reference: i.Image.RegistryReference!, i.Access)).ToList();
        var authFiles = registries.Select(r => r.Access.AuthFile).Append(sharedAccess?.AuthFile).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (authFiles.Count > 1)
        {
            throw new CliUsageException("ocireg reads one auth file per command: the --src-authfile and --dest-authfile given differ");
        }

        var options = new OciRegistryClientOptions { UserAgent = "ocireg/0.1" };
        if (retryTimes is { } retries)
        {
            options.Retry.MaxRetries = retries;
        }

        foreach (var (reference, access) in registries)
        {
            Configure(options, reference.Registry, access);
        }

        if (sharedRegistry is not null && sharedAccess is not null)
        {
            Configure(options, sharedRegistry, sharedAccess);
        }

        // Read only when a registry is involved: a copy between files has no use for it, and a broken file must not stop one.
        if (registries.Count > 0 || sharedRegistry is not null || configureClient is not null || registriesConf is not null)
        {
            options.RegistriesConfiguration = RegistriesConfiguration.Load(registriesConf);
        }

        configureClient?.Invoke(options);

        var authentication = new RegistryAuthenticationOptions();
        if (authFiles.Count == 1)
        {
            authentication.AuthFile = authFiles[0];
        }

        // Anonymous only when every registry image asked for it: the auth files are shared by the whole command.
        if (registries.Count > 0 && registries.All(r => r.Access.NoCreds))
        {
            authentication.UseAuthFiles = false;
        }

        foreach (var (reference, access) in registries)
        {
            var key = $"{reference.Registry}/{reference.Repository}";
            if (access.RegistryToken is { } token)
            {
                authentication.Credentials[key] = RegistryCredential.FromRegistryToken(token);
            }
            else if (access.Username is { } username)
            {
                authentication.Credentials[key] = RegistryCredential.FromUsernamePassword(username, access.Password ?? string.Empty);
            }
        }

        configureAuthentication?.Invoke(authentication);

        // Without --debug only errors: the SDK warns about routine things skopeo keeps quiet about (plain HTTP after --tls-verify=false).
        var loggers = new LoggerFactory(
            [new StandardErrorLoggerProvider(console.Error)],
            new LoggerFilterOptions { MinLevel = debug ? LogLevel.Debug : LogLevel.Error });
        try
        {
            return new CliServices(OciRegistryClient.Create(options, authentication, loggerFactory: loggers), authentication, loggers);
        }
        catch
        {
            loggers.Dispose();
            throw;
        }
    }

    /// <summary>Adds a registry's TLS settings (for <c>login</c> and <c>logout</c>, which name a registry, not an image).</summary>
    /// <param name="options">The client options.</param>
    /// <param name="registry">The registry.</param>
    /// <param name="access">Its flags.</param>
    internal static void Configure(OciRegistryClientOptions options, string registry, ImageAccess access)
    {
        if (access.TlsVerify is null && access.CertificateDirectory is null)
        {
            return;
        }

        if (!options.Registries.TryGetValue(registry, out var host))
        {
            host = new RegistryHostOptions();
            options.Registries[registry] = host;
        }

        // A registry has one setting for the whole command: an image that asks for verification keeps it as it is
        // (verified unless another image of the same registry turned it off).
        if (access.TlsVerify == false)
        {
            host.SetTlsVerify(false);
        }

        if (access.CertificateDirectory is { } directory)
        {
            host.CertificateDirectory = directory;
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        _loggers.Dispose();
        return ValueTask.CompletedTask;
    }
}
