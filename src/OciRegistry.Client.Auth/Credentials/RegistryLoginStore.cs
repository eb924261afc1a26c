using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OciRegistry.Client.Auth.Credentials;

namespace OciRegistry.Client.Auth;

/// <summary>
/// Stores and erases credentials the way <c>podman login</c>/<c>logout</c> and <c>docker login</c>/<c>logout</c> do,
/// in one auth file: <see cref="RegistryAuthenticationOptions.AuthFile"/>, else <c>REGISTRY_AUTH_FILE</c>, else the
/// first default file (<c>$XDG_RUNTIME_DIR/containers/auth.json</c>, or
/// <c>${XDG_CONFIG_HOME:-~/.config}/containers/auth.json</c>). A registry the file routes to a helper
/// (<c>credHelpers[registry]</c>, else <c>credsStore</c>) is stored with <c>docker-credential-NAME store</c> and, as
/// docker does, recorded in <c>auths</c> with an empty entry; any other goes into <c>auths</c> (Docker Hub under
/// <c>https://index.docker.io/v1/</c>). Every other key of the file is kept; the file is created <c>0600</c> and
/// replaced atomically. Registered as a singleton by <c>services.AddOciRegistryAuthentication()</c>.
/// </summary>
public sealed partial class RegistryLoginStore : ICredentialWriter, IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly string? _path;
    private readonly CredentialHelpers _helpers;

    /// <summary>Creates a store for the options' auth file.</summary>
    /// <param name="options">The authentication options (<see cref="RegistryAuthenticationOptions.AuthFile"/>, helper settings).</param>
    /// <param name="loggerFactory">Where log messages go; none when <see langword="null"/>.</param>
    public RegistryLoginStore(IOptions<RegistryAuthenticationOptions> options, ILoggerFactory? loggerFactory = null)
        : this(options?.Value!, ProcessEnvironmentVariables.Instance, ProcessRunner.Instance, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("OciRegistry.Client.Auth"))
    {
    }

    internal RegistryLoginStore(RegistryAuthenticationOptions options, IEnvironmentVariables environment, IProcessRunner runner, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        _path = AuthFileLocations.Resolve(options.AuthFile, environment) is [var first, ..] ? first : null;
        _helpers = new CredentialHelpers(options, environment, runner, logger);
    }

    /// <summary>Gets the auth file this store writes, or <see langword="null"/> when none can be found (no <c>HOME</c>).</summary>
    public string? AuthFilePath => _path;

    /// <inheritdoc/>
    public async Task StoreAsync(string registry, RegistryCredential credential, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(registry);
        ArgumentNullException.ThrowIfNull(credential);
        var path = RequirePath();
        var key = AuthFileWriter.KeyFor(registry);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var file = await AuthFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            if (HelperFor(file, key, registry) is { } helper)
            {
                await helper.StoreAsync(key, credential, cancellationToken).ConfigureAwait(false);
                await AuthFileWriter.EditAsync(path, root =>
                {
                    // As docker: the helper holds the secret, the file records that the registry is logged in.
                    var auths = AuthFileWriter.Auths(root);
                    AuthFileWriter.RemoveEntries(auths, key);
                    auths[key] = new JsonObject();
                    return (true, 0);
                }, cancellationToken).ConfigureAwait(false);
                return;
            }

            await AuthFileWriter.EditAsync(path, root =>
            {
                var auths = AuthFileWriter.Auths(root);
                AuthFileWriter.RemoveEntries(auths, key);
                auths[key] = AuthFileWriter.Entry(credential);
                return (true, 0);
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <inheritdoc/>
    public async Task<bool> EraseAsync(string registry, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(registry);
        var path = RequirePath();
        var key = AuthFileWriter.KeyFor(registry);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var file = await AuthFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            if (file is null)
            {
                return false;
            }

            var erased = HelperFor(file, key, registry) is { } helper
                && await helper.EraseAsync(key, cancellationToken).ConfigureAwait(false);
            var fromFile = await AuthFileWriter.EditAsync(path, root =>
            {
                if (root["auths"] is not JsonObject auths)
                {
                    return (false, false);
                }

                var count = auths.Count;
                var held = AuthFileWriter.RemoveEntries(auths, key);
                return (auths.Count != count, held);
            }, cancellationToken).ConfigureAwait(false);
            return erased || fromFile;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Registries named in <c>credHelpers</c> are erased from their helpers; of the <c>credsStore</c> helper only the
    /// registries the file's <c>auths</c> lists, never everything the helper holds for other programs. <c>auths</c>
    /// is emptied; <c>credHelpers</c>, <c>credsStore</c> and every other key stay.
    /// </remarks>
    public async Task EraseAllAsync(CancellationToken cancellationToken = default)
    {
        var path = RequirePath();
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var file = await AuthFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            if (file is null)
            {
                return;
            }

            foreach (var (registry, helperName) in file.CredentialHelpers)
            {
                await _helpers.Get(helperName).EraseAsync(registry, cancellationToken).ConfigureAwait(false);
            }

            if (file.CredentialsStore is { } store)
            {
                foreach (var registry in file.Auths.Keys.Where(k => !k.Contains('/', StringComparison.Ordinal) && !file.CredentialHelpers.ContainsKey(k)))
                {
                    await _helpers.Get(store).EraseAsync(registry, cancellationToken).ConfigureAwait(false);
                }
            }

            await AuthFileWriter.EditAsync(path, root =>
            {
                if (root["auths"] is JsonObject { Count: > 0 })
                {
                    root["auths"] = new JsonObject();
                    return (true, 0);
                }

                return (false, 0);
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Releases the lock that orders this store's writes.</summary>
    public void Dispose() => _lock.Dispose();

    /// <summary>The helper that holds a registry's credentials in this file, if it names one.</summary>
    private CredentialHelper? HelperFor(AuthFile? file, string key, string registry)
    {
        if (file is null)
        {
            return null;
        }

        var normalized = RegistryHosts.Normalize(key);
        var host = normalized.Split('/', 2)[0];
        var name = file.CredentialHelpers.TryGetValue(host, out var helper) ? helper : file.CredentialsStore;
        if (name is null)
        {
            return null;
        }

        if (normalized.Length != host.Length)
        {
            throw new RegistryAuthenticationException(
                $"Credentials for {registry} cannot be stored per namespace: the auth file routes {host} to the credential helper {CredentialHelper.ExecutablePrefix}{name}, which stores one credential per registry. Log in to {host} instead.");
        }

        return _helpers.Get(name);
    }

    private string RequirePath() => _path ?? throw new RegistryAuthenticationException(
        "No auth file to write: set RegistryAuthenticationOptions.AuthFile or REGISTRY_AUTH_FILE, or HOME, XDG_RUNTIME_DIR or XDG_CONFIG_HOME.");
}
