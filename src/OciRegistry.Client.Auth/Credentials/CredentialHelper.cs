using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace OciRegistry.Client.Auth.Credentials;

/// <summary>
/// Runs <c>docker-credential-NAME get</c> (the docker-credential-helpers protocol): the server URL on standard input,
/// <c>{"ServerURL","Username","Secret"}</c> on standard output. A username of <c>&lt;token&gt;</c> means the secret is an
/// identity token; "credentials not found" means none. Other failures name the helper and its standard error, never
/// the secret.
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

    public string Name { get; } = name;

    public string ExecutableName => ExecutablePrefix + Name;

    public async Task<RegistryCredential?> GetAsync(string registry, CancellationToken cancellationToken)
    {
        var executable = Locate();
        if (executable is null)
        {
            AuthLog.HelperMissing(logger, ExecutableName, registry);
            return null;
        }

        var serverUrl = RegistryHosts.HelperServerUrl(registry);
        ProcessResult result;
        try
        {
            result = await runner.RunAsync(executable, ["get"], serverUrl, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new RegistryAuthenticationException($"The credential helper {ExecutableName} did not answer within {timeout.TotalSeconds:0} s for registry {registry}.", e);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            throw new RegistryAuthenticationException($"The credential helper {ExecutableName} could not be run for registry {registry}: {e.Message}", e);
        }

        if (result.ExitCode != 0)
        {
            if (IsNotFound(result.StandardOutput) || IsNotFound(result.StandardError))
            {
                return null;
            }

            throw new RegistryAuthenticationException(
                $"The credential helper {ExecutableName} failed for registry {registry} (exit code {result.ExitCode}): {Describe(result)}");
        }

        return Parse(result.StandardOutput, registry);
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

    private static bool IsNotFound(string text) => text.Contains("credentials not found", StringComparison.OrdinalIgnoreCase);

    private static string Describe(ProcessResult result)
    {
        var text = result.StandardError.Trim();
        if (text.Length == 0)
        {
            text = "no error output";
        }

        return text.Length > 500 ? text[..500] + "…" : text;
    }
}
