using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace OciRegistry.Client.Auth.Credentials;

/// <summary>
/// Runs <c>docker-credential-NAME get|store|erase|list</c> (the docker-credential-helpers protocol). <c>get</c> and
/// <c>erase</c> take the server URL on standard input; <c>store</c> takes <c>{"ServerURL","Username","Secret"}</c>;
/// <c>get</c> answers the same object and <c>list</c> a map of server URL to username. A username of
/// <c>&lt;token&gt;</c> means the secret is an identity token; "credentials not found" means none. Other failures
/// name the helper and its standard error, never the secret.
/// </summary>
internal sealed class CredentialHelper(
    string name,
    IEnvironmentVariables environment,
    IProcessRunner runner,
    TimeSpan timeout,
    ILogger logger)
{
    public const string ExecutablePrefix = "docker-credential-";

    private const string TokenUsername = "<token>";

    private static readonly IReadOnlyDictionary<string, string> NoVariables = new Dictionary<string, string>();

    public string Name { get; } = name;

    public string ExecutableName => ExecutablePrefix + Name;

    /// <summary>The credentials the helper holds for a registry, or <see langword="null"/> (none, or the helper is not installed).</summary>
    public async Task<RegistryCredential?> GetAsync(string registry, CancellationToken cancellationToken)
    {
        var executable = Locate();
        if (executable is null)
        {
            AuthLog.HelperMissing(logger, ExecutableName, registry);
            return null;
        }

        var result = await RunAsync(executable, "get", RegistryHosts.HelperServerUrl(registry), registry, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            if (IsNotFound(result))
            {
                return null;
            }

            throw Failed("get", registry, result, null);
        }

        return Parse(result.StandardOutput, registry);
    }

    /// <summary>Stores credentials for a registry in the helper.</summary>
    /// <exception cref="RegistryAuthenticationException">The helper is missing or failed, or the credential is a registry token (which helpers cannot hold).</exception>
    public async Task StoreAsync(string registry, RegistryCredential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var executable = Require(registry);
        string username;
        string secret;
        if (credential.IdentityToken is { } identityToken)
        {
            (username, secret) = (TokenUsername, identityToken);
        }
        else if (credential is { IsUsernamePassword: true, Password: { } password })
        {
            (username, secret) = (credential.Username ?? string.Empty, password);
        }
        else
        {
            throw new RegistryAuthenticationException(
                $"The credential helper {ExecutableName} cannot hold a registry token for registry {registry}: helpers store a username and a secret.");
        }

        var input = StoreInput(RegistryHosts.HelperServerUrl(registry), username, secret);
        var result = await RunAsync(executable, "store", input, registry, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw Failed("store", registry, result, secret);
        }
    }

    /// <summary>Erases a registry's credentials from the helper.</summary>
    /// <returns><see langword="false"/> when the helper held none.</returns>
    public async Task<bool> EraseAsync(string registry, CancellationToken cancellationToken)
    {
        var executable = Require(registry);
        var result = await RunAsync(executable, "erase", RegistryHosts.HelperServerUrl(registry), registry, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == 0)
        {
            return true;
        }

        return IsNotFound(result) ? false : throw Failed("erase", registry, result, null);
    }

    /// <summary>The server URLs the helper holds credentials for, with their usernames.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ListAsync(CancellationToken cancellationToken)
    {
        var executable = Require(null);
        var result = await RunAsync(executable, "list", string.Empty, null, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw Failed("list", null, result, null);
        }

        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(result.StandardOutput.Length == 0 ? "{}" : result.StandardOutput);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in document.RootElement.EnumerateObject())
                {
                    entries[entry.Name] = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString() ?? string.Empty : string.Empty;
                }
            }
        }
        catch (JsonException e)
        {
            throw new RegistryAuthenticationException(
                $"The credential helper {ExecutableName} answered 'list' with output that is not JSON (at byte {e.BytePositionInLine}).");
        }

        return entries;
    }

    /// <summary>Finds <c>docker-credential-NAME</c> on the <c>PATH</c> the environment gives.</summary>
    internal string? Locate()
    {
        if (Name.Length == 0 || Name.IndexOfAny(['/', '\\']) >= 0)
        {
            return null;
        }

        var path = environment.Get("PATH");
        if (path is null)
        {
            return null;
        }

        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, ExecutableName);
            if (File.Exists(candidate))
            {
                return candidate;
            }

            if (OperatingSystem.IsWindows() && File.Exists(candidate + ".exe"))
            {
                return candidate + ".exe";
            }
        }

        return null;
    }

    internal static string StoreInput(string serverUrl, string username, string secret)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("ServerURL", serverUrl);
            writer.WriteString("Username", username);
            writer.WriteString("Secret", secret);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private string Require(string? registry) =>
        Locate() ?? throw new RegistryAuthenticationException(
            $"The credential helper {ExecutableName}{(registry is null ? string.Empty : $" named for registry {registry}")} is not on PATH; install it or change credHelpers/credsStore.");

    private async Task<ProcessResult> RunAsync(string executable, string command, string input, string? registry, CancellationToken cancellationToken)
    {
        var variables = environment is OverlaidEnvironmentVariables overlaid ? overlaid.Overrides : NoVariables;
        try
        {
            return await runner.RunAsync(executable, [command], input, variables, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new RegistryAuthenticationException($"The credential helper {ExecutableName} did not answer '{command}' within {timeout.TotalSeconds:0} s{For(registry)}.", e);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            throw new RegistryAuthenticationException($"The credential helper {ExecutableName} could not be run{For(registry)}: {e.Message}", e);
        }
    }

    private RegistryCredential? Parse(string output, string registry)
    {
        string? username;
        string? secret;
        try
        {
            using var document = JsonDocument.Parse(output);
            var root = document.RootElement;
            username = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Username", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            secret = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Secret", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        }
        catch (JsonException e)
        {
            // The exception's message could quote the output, which holds the secret: keep only its position.
            throw new RegistryAuthenticationException(
                $"The credential helper {ExecutableName} answered for registry {registry} with output that is not JSON (at byte {e.BytePositionInLine}).");
        }

        if (string.IsNullOrEmpty(secret))
        {
            return null;
        }

        return username == TokenUsername
            ? RegistryCredential.FromIdentityToken(secret)
            : RegistryCredential.FromUsernamePassword(username ?? string.Empty, secret);
    }

    private RegistryAuthenticationException Failed(string command, string? registry, ProcessResult result, string? secret) =>
        new($"The credential helper {ExecutableName} failed to '{command}'{For(registry)} (exit code {result.ExitCode}): {Describe(result, secret)}");

    private static string For(string? registry) => registry is null ? string.Empty : $" for registry {registry}";

    private static bool IsNotFound(ProcessResult result) =>
        result.StandardOutput.Contains("credentials not found", StringComparison.OrdinalIgnoreCase)
        || result.StandardError.Contains("credentials not found", StringComparison.OrdinalIgnoreCase);

    private static string Describe(ProcessResult result, string? secret)
    {
        // Helpers report on standard output (the Go helpers) or standard error; either may echo what they were given.
        var text = result.StandardError.Trim();
        if (text.Length == 0)
        {
            text = result.StandardOutput.Trim();
        }

        if (!string.IsNullOrEmpty(secret))
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        if (text.Length == 0)
        {
            text = "no error output";
        }

        return text.Length > 500 ? text[..500] + "…" : text;
    }
}
