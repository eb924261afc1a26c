using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OciRegistry.Client.Auth;
using OciRegistry.Client.Cli.Images;
using OciRegistry.Client.Cli.Options;
using OciRegistry.Client.Content;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Http;

namespace OciRegistry.Client.Cli.Hosting;

/// <summary>
/// The SDK's services for one command, built from its flags: the registry client with each image's TLS settings, the
/// authentication options from its credential flags, and (for <c>copy</c>) the copy engine. Only what the verb
/// needs is registered, so a short command starts fast.
/// </summary>
internal sealed class CliServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private CliServices(ServiceProvider provider) => _provider = provider;

    /// <summary>Gets the registry client.</summary>
    public OciRegistryClient Client => _provider.GetRequiredService<OciRegistryClient>();

    /// <summary>Gets the copy engine (only when created with <c>copyEngine</c>).</summary>
    public ImageCopier Copier => _provider.GetRequiredService<ImageCopier>();

    /// <summary>Gets the services, for verbs that register more (<c>sync</c>).</summary>
    public IServiceProvider Services => _provider;

    /// <summary>Gets the login store behind <c>login</c> and <c>logout</c>.</summary>
    public RegistryLoginStore Logins => _provider.GetRequiredService<RegistryLoginStore>();

    /// <summary>Builds the services for the images of one command.</summary>
    /// <param name="console">Standard error receives warnings, and debug traces with <paramref name="debug"/>.</param>
    /// <param name="debug"><c>--debug</c>.</param>
    /// <param name="images">Every registry image of the command with its flags (on-disk images are ignored).</param>
    /// <param name="retryTimes"><c>--retry-times</c>, when given: retries of a failed request.</param>
    /// <param name="copyEngine">Whether to register the copy engine.</param>
    /// <param name="sharedAccess">Settings that are not per image (<c>login</c>'s flags), when there is no image.</param>
    /// <param name="sharedRegistry">The registry <paramref name="sharedAccess"/> is for (<c>login</c>'s argument).</param>
    /// <param name="configure">Registers or configures more services (<c>sync</c>: the syncer, a YAML file's registries).</param>
    /// <returns>The services; dispose them when the command ends.</returns>
    /// <exception cref="CliUsageException">The images' flags cannot be honoured together.</exception>
    public static CliServices Create(
        CliConsole console,
        bool debug,
        IReadOnlyList<(ImageName Image, ImageAccess Access)> images,
        int? retryTimes = null,
        bool copyEngine = false,
        ImageAccess? sharedAccess = null,
        string? sharedRegistry = null,
        Action<IServiceCollection>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(images);
        var registries = images.Where(i => i.Image.Registry is not null).Select(i => (Reference: i.Image.Registry!, i.Access)).ToList();
        var authFiles = registries.Select(r => r.Access.AuthFile).Append(sharedAccess?.AuthFile).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (authFiles.Count > 1)
        {
            throw new CliUsageException("ocireg reads one auth file per command: the --src-authfile and --dest-authfile given differ");
        }

        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(new StandardErrorLoggerProvider(console.Error));
            // Without --debug only errors: the SDK warns about routine things skopeo keeps quiet about (plain HTTP after --tls-verify=false).
            logging.SetMinimumLevel(debug ? LogLevel.Debug : LogLevel.Error);

            // The factory's own request logging repeats the SDK's traces with full URLs; the SDK's leave out queries.
            logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        });

        var builder = services.AddOciRegistryClient(options =>
        {
            options.UserAgent = "ocireg/0.1";
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
        });
        if (copyEngine)
        {
            builder.AddCopyEngine();
        }

        services.AddOciRegistryAuthentication(options =>
        {
            if (authFiles.Count == 1)
            {
                options.AuthFile = authFiles[0];
            }

            // Anonymous only when every registry image asked for it: the auth files are shared by the whole command.
            if (registries.Count > 0 && registries.All(r => r.Access.NoCreds))
            {
                options.UseAuthFiles = false;
            }

            foreach (var (reference, access) in registries)
            {
                var key = $"{reference.Registry}/{reference.Repository}";
                if (access.RegistryToken is { } token)
                {
                    options.Credentials[key] = RegistryCredential.FromRegistryToken(token);
                }
                else if (access.Username is { } username)
                {
                    options.Credentials[key] = RegistryCredential.FromUsernamePassword(username, access.Password ?? string.Empty);
                }
            }
        });

        configure?.Invoke(services);
        return new CliServices(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = false }));
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

        if (access.TlsVerify == false)
        {
            host.Insecure = true;
        }

        if (access.CertificateDirectory is { } directory)
        {
            host.CertificateDirectory = directory;
        }
    }

    /// <summary>Opens an image to read from.</summary>
    /// <param name="image">The image.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The source; dispose it with <see cref="ReleaseAsync"/>.</returns>
    public async Task<IImageSource> OpenSourceAsync(ImageName image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Registry is { } reference)
        {
            return Client.GetRepository(reference);
        }

        try
        {
            return await image.Local!.OpenSourceAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ImageNotFoundException($"{image.Local!.Path} does not exist", e);
        }
    }

    /// <summary>Opens an image to write to.</summary>
    /// <param name="image">The image.</param>
    /// <returns>The destination; dispose it with <see cref="ReleaseAsync"/>.</returns>
    public IImageDestination OpenDestination(ImageName image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return image.Registry is { } reference
            ? Client.GetRepository(reference, RepositoryAccess.PullPush)
            : image.Local!.CreateDestination();
    }

    /// <summary>Disposes a source or destination that holds files (archives, layouts); registry repositories hold nothing.</summary>
    /// <param name="store">The source or destination.</param>
    /// <returns>A task.</returns>
    public static async ValueTask ReleaseAsync(object? store)
    {
        switch (store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
