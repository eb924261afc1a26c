using System.Diagnostics;
using System.Text;
using OciRegistry.Client.TestSupport.Tools;

namespace OciRegistry.Client.TestSupport.CredentialHelpers;

/// <summary>
/// A throw-away <c>pass</c> password store for the real <c>docker-credential-pass</c> helper: a GnuPG home with a
/// key made for it (no passphrase) and a store initialised for that key, both in a temp directory that
/// <see cref="DisposeAsync"/> deletes after stopping the gpg-agent it started. Nothing touches the user's own GnuPG
/// home or password store: every command runs with <see cref="Environment"/>, which a helper process needs too.
/// </summary>
public sealed class PassCredentialStore : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly string _directory;
    private readonly string _gpg;
    private readonly string _helper;

    private PassCredentialStore(string directory, string gpg, string helper)
    {
        _directory = directory;
        _gpg = gpg;
        _helper = helper;
        var gnupgHome = Path.Combine(directory, "gnupg");
        Environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GNUPGHOME"] = gnupgHome,
            ["PASSWORD_STORE_DIR"] = Path.Combine(directory, "store"),
        };
    }

    /// <summary><c>GNUPGHOME</c> and <c>PASSWORD_STORE_DIR</c>: what <c>pass</c>, <c>gpg</c> and the helper need.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The helper's name as <c>credHelpers</c> and <c>credsStore</c> write it.</summary>
    public static string HelperName => "pass";

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static async Task<PassCredentialStore> CreateAsync(CancellationToken cancellationToken = default)
    {
        var gpg = ToolLocator.Locate("gpg", "OCIREG_GPG_BIN", "gnupg");
        var pass = ToolLocator.Locate("pass", "OCIREG_PASS_BIN", "pass");
        var helper = ToolLocator.Locate("docker-credential-pass", "OCIREG_DOCKER_CREDENTIAL_PASS_BIN", "golang-docker-credential-helpers");

        // Short: gpg-agent's socket lives in GNUPGHOME and socket paths are limited to about 100 bytes.
        var directory = Directory.CreateTempSubdirectory("ocireg-pass-").FullName;
        var store = new PassCredentialStore(directory, gpg, helper);
        try
        {
            Directory.CreateDirectory(store.Environment["GNUPGHOME"], UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            await store.RunAsync(gpg, ["--batch", "--pinentry-mode", "loopback", "--passphrase", string.Empty,
                "--quick-gen-key", "OciRegistry.Client test <test@ocireg.invalid>", "default", "default", "never"], null, cancellationToken);
            var keys = await store.RunAsync(gpg, ["--batch", "--with-colons", "--list-secret-keys"], null, cancellationToken);
            var fingerprint = keys.Split('\n').Select(l => l.Split(':')).FirstOrDefault(f => f[0] == "fpr" && f.Length > 9)?[9]
                ?? throw new ExternalToolException($"gpg listed no key fingerprint:{System.Environment.NewLine}{keys}");
            await store.RunAsync(pass, ["init", fingerprint], null, cancellationToken);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stores credentials with the helper's own <c>store</c> command, as <c>docker login</c> does.</summary>
    public Task StoreAsync(string serverUrl, string username, string secret, CancellationToken cancellationToken = default) =>
        RunAsync(_helper, ["store"], $$"""{"ServerURL":"{{serverUrl}}","Username":"{{username}}","Secret":"{{secret}}"}""", cancellationToken);

    /// <summary>The helper's <c>list</c>: a JSON object of server URL to username.</summary>
    public Task<string> ListAsync(CancellationToken cancellationToken = default) => RunAsync(_helper, ["list"], null, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            var gpgconf = Path.Combine(Path.GetDirectoryName(_gpg)!, "gpgconf");
            if (File.Exists(gpgconf))
            {
                await RunAsync(gpgconf, ["--kill", "gpg-agent"], null, CancellationToken.None);
            }
        }
        catch (ExternalToolException)
        {
            // No agent was started.
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<string> RunAsync(string fileName, IReadOnlyList<string> arguments, string? input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new ExternalToolException($"{fileName} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await process.StandardInput.WriteAsync(input ?? string.Empty);
        process.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new ExternalToolException($"{Path.GetFileName(fileName)} {arguments[0]} did not finish within {CommandTimeout.TotalSeconds:0} s.");
        }

        var text = await output;
        return process.ExitCode == 0
            ? text
            : throw new ExternalToolException(
                $"{Path.GetFileName(fileName)} {arguments[0]} exited with {process.ExitCode}:{System.Environment.NewLine}{await error}{System.Environment.NewLine}{text}");
    }
}
