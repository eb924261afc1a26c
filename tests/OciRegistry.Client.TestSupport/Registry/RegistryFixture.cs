using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OciRegistry.Client.TestSupport.Certificates;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Tools;
using Xunit;
using Xunit.Abstractions;

namespace OciRegistry.Client.TestSupport.Registry;

/// <summary>
/// A real CNCF Distribution registry (Debian's <c>docker-registry</c>, or the binary in <c>OCIREG_REGISTRY_BIN</c>)
/// run as a child process on a free 127.0.0.1 port, with storage, config, htpasswd file and certificates in a temp
/// directory that <see cref="DisposeAsync"/> deletes after killing the process.
/// </summary>
/// <remarks>
/// Use it as <c>IClassFixture&lt;RegistryFixture&gt;</c> (plain HTTP), derive a parameterless fixture that passes
/// other <see cref="RegistryOptions"/> to the protected constructor (which is why this class is not sealed: xunit v2
/// builds fixtures through a single public parameterless constructor), or start one inside a test with
/// <c>await using var registry = await RegistryFixture.StartAsync(options);</c>. A missing binary always fails,
/// in CI (<c>CI=true</c>) and locally alike.
/// </remarks>
public class RegistryFixture : IAsyncLifetime, IAsyncDisposable
{
    public const string BinaryOverrideVariable = "OCIREG_REGISTRY_BIN";
    public const string HtpasswdRealm = "ocireg-test";

    private const int MaxStartAttempts = 5;
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private Process? _process;
    private int _repositoryCount;
    private int _disposed;

    public RegistryFixture()
        : this(new RegistryOptions())
    {
    }

    protected RegistryFixture(RegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    public RegistryOptions Options { get; }

    /// <summary>Everything the registry ran with: config, storage, certificates, htpasswd, scratch directories.</summary>
    public string TemporaryDirectory { get; private set; } = string.Empty;

    /// <summary>The registry's stdout and stderr, line by line.</summary>
    public ProcessLog Log { get; } = new();

    public int Port { get; private set; }

    /// <summary><c>127.0.0.1:PORT</c>, the registry part of an image reference.</summary>
    public string Host => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary><c>http://127.0.0.1:PORT/</c>, or <c>https://</c> with <see cref="RegistryOptions.Tls"/>.</summary>
    public Uri BaseAddress => new($"{(Options.Tls ? "https" : "http")}://{Host}/");

    public int ProcessId { get; private set; }

    /// <summary>The CA that issued the server certificate, when <see cref="RegistryOptions.Tls"/> is on.</summary>
    public TestCertificateAuthority? CertificateAuthority { get; private set; }

    /// <summary>A directory holding only <c>ca.crt</c>, for skopeo's <c>--cert-dir</c>/<c>--src-cert-dir</c>.</summary>
    public string? CaCertificateDirectory { get; private set; }

    /// <summary>The CA certificate as a PEM file (inside <see cref="CaCertificateDirectory"/>).</summary>
    public string? CaCertificatePemPath { get; private set; }

    public static async Task<RegistryFixture> StartAsync(RegistryOptions options, CancellationToken cancellationToken = default)
    {
        var registry = new RegistryFixture(options);
        await registry.StartCoreAsync(cancellationToken).ConfigureAwait(false);
        return registry;
    }

    public Task InitializeAsync() => StartCoreAsync(CancellationToken.None);

    /// <summary>A handler for this registry: with TLS it trusts the generated CA and nothing else.</summary>
    public SocketsHttpHandler CreateHttpHandler() =>
        CertificateAuthority?.CreateTrustingHandler() ?? new SocketsHttpHandler();

    /// <summary>An <see cref="HttpClient"/> whose base address is the registry; the caller disposes it.</summary>
    public HttpClient CreateHttpClient() => new(CreateHttpHandler()) { BaseAddress = BaseAddress };

    /// <summary>A repository name no other test of this registry gets: the sanitized prefix plus a unique suffix,
    /// valid under the reference grammar (lowercase, <c>/</c>-separated components).</summary>
    public string NewRepository(string prefix)
    {
        var count = Interlocked.Increment(ref _repositoryCount);
        var random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        return RepositoryNames.Create(prefix, $"{count.ToString(CultureInfo.InvariantCulture)}-{random}");
    }

    /// <summary><c>127.0.0.1:PORT/REPO:TAG</c>, or <c>…/REPO@DIGEST</c> when given a digest.</summary>
    public string Reference(string repository, string tagOrDigest) =>
        tagOrDigest.Contains(':', StringComparison.Ordinal)
            ? $"{Host}/{repository}@{tagOrDigest}"
            : $"{Host}/{repository}:{tagOrDigest}";

    /// <summary>The skopeo form of <see cref="Reference"/>: <c>docker://127.0.0.1:PORT/REPO:TAG</c>.</summary>
    public string DockerReference(string repository, string tagOrDigest) => "docker://" + Reference(repository, tagOrDigest);

    /// <summary>The skopeo flags that reach this registry: CA directory or <c>tls-verify=false</c>, and the given
    /// user (the first configured user when omitted and htpasswd is on).</summary>
    public SkopeoRegistryAccess GetSkopeoAccess(RegistryUser? user = null) =>
        new(
            TlsVerify: Options.Tls,
            CertificateDirectory: CaCertificateDirectory,
            Credentials: user ?? Options.Users.FirstOrDefault());

    /// <summary>A new empty directory under <see cref="TemporaryDirectory"/>, deleted with the registry.</summary>
    public string CreateScratchDirectory(string name)
    {
        EnsureStarted();
        var path = Path.Combine(TemporaryDirectory, "scratch", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Writes this registry's log lines produced until the scope is disposed to a test's output.</summary>
    public ProcessLogScope CaptureLog(ITestOutputHelper output) => Log.CaptureTo(output, $"docker-registry {Host}");

    public async Task DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopProcessAsync().ConfigureAwait(false);
        CertificateAuthority?.Dispose();
        DeleteTemporaryDirectory();
        GC.SuppressFinalize(this);
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync().ConfigureAwait(false);

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("The registry is already started.");
        }

        var binary = ToolLocator.Locate("docker-registry", BinaryOverrideVariable, "docker-registry");
        TemporaryDirectory = Directory.CreateTempSubdirectory("ocireg-registry-").FullName;
        try
        {
            await StartInTemporaryDirectoryAsync(binary, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // xunit does not dispose a fixture whose InitializeAsync threw: clean up here.
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StartInTemporaryDirectoryAsync(string binary, CancellationToken cancellationToken)
    {
        var storage = Directory.CreateDirectory(Path.Combine(TemporaryDirectory, "storage")).FullName;
        var htpasswd = Options.UsesHtpasswd ? Path.Combine(TemporaryDirectory, "htpasswd") : null;
        if (htpasswd is not null)
        {
            HtpasswdFile.Write(htpasswd, Options.Users);
        }

        var (certificate, key) = Options.Tls ? WriteCertificates() : (null, null);
        var configPath = Path.Combine(TemporaryDirectory, "config.yml");

        for (var attempt = 1; ; attempt++)
        {
            Port = LoopbackPort.Next();
            var config = new RegistryConfigFile(Options, Port, storage, htpasswd, certificate, key);
            await File.WriteAllTextAsync(configPath, config.Render(), cancellationToken).ConfigureAwait(false);

            var logStart = Log.Count;
            _process = StartProcess(binary, configPath);
            ProcessId = _process.Id;
            if (await WaitUntilReadyAsync(_process, logStart, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            // The port was free when probed but another process bound it first; try a fresh one.
            await StopProcessAsync().ConfigureAwait(false);
            if (attempt == MaxStartAttempts)
            {
                throw new InvalidOperationException(
                    $"docker-registry could not bind a free loopback port in {MaxStartAttempts} attempts.{Environment.NewLine}{Log}");
            }
        }
    }

    private (string Certificate, string Key) WriteCertificates()
    {
        CertificateAuthority = TestCertificateAuthority.Create();
        CaCertificateDirectory = Directory.CreateDirectory(Path.Combine(TemporaryDirectory, "ca")).FullName;
        CaCertificatePemPath = Path.Combine(CaCertificateDirectory, "ca.crt");
        File.WriteAllText(CaCertificatePemPath, CertificateAuthority.CertificatePem);

        // Server key and certificate live apart from the CA directory: skopeo would read *.key there as a client key.
        var tls = Directory.CreateDirectory(Path.Combine(TemporaryDirectory, "tls")).FullName;
        using var server = CertificateAuthority.IssueServerCertificate(["localhost"], [IPAddress.Loopback]);
        var certificatePath = Path.Combine(tls, "server.crt");
        var keyPath = Path.Combine(tls, "server.key");
        File.WriteAllText(certificatePath, server.ExportCertificatePem());
        using var key = server.GetECDsaPrivateKey()
            ?? throw new InvalidOperationException("The issued server certificate has no ECDSA private key.");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    private Process StartProcess(string binary, string configPath)
    {
        var startInfo = new ProcessStartInfo(binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = TemporaryDirectory,
        };
        startInfo.ArgumentList.Add("serve");
        startInfo.ArgumentList.Add(configPath);

        // Settings come from the generated file only, never from the environment the tests happen to run in.
        foreach (var name in startInfo.Environment.Keys.Where(k => k.StartsWith("REGISTRY_", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        var process = new Process { StartInfo = startInfo };
        AppDomain.CurrentDomain.ProcessExit += KillOnHostExit;
        process.OutputDataReceived += (_, e) => AppendLine(e.Data);
        process.ErrorDataReceived += (_, e) => AppendLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    // A fixture nobody disposed (a test that forgot "await using", an aborted run) must not leave a registry behind
    // when the test host exits normally. A killed host still can: nothing in-process survives SIGKILL.
    private void KillOnHostExit(object? sender, EventArgs e)
    {
        try
        {
            _process?.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private void AppendLine(string? line)
    {
        if (line is not null)
        {
            Log.Append(line);
        }
    }

    /// <summary>True once the registry logged that it listens on our port (so a stranger on that port cannot
    /// answer for it) and <c>GET /v2/</c> answers 200 or 401; false when it exited because the port was taken.</summary>
    private async Task<bool> WaitUntilReadyAsync(Process process, int logStart, CancellationToken cancellationToken)
    {
        var listening = $"listening on {Host}";
        using var probe = new HttpClient(CreateHttpHandler()) { Timeout = TimeSpan.FromSeconds(2) };
        var ping = new Uri(BaseAddress, "v2/");
        var clock = Stopwatch.StartNew();
        var lastAnswer = "no answer yet";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                // WaitForExitAsync also drains the redirected streams, so the log is complete below.
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                if (Log.LinesSince(logStart).Any(l => l.Contains("address already in use", StringComparison.Ordinal)))
                {
                    return false;
                }

                throw new InvalidOperationException(
                    $"docker-registry exited with code {process.ExitCode} before answering /v2/.{Environment.NewLine}{Log}");
            }

            if (Log.LinesSince(logStart).Any(l => l.Contains(listening, StringComparison.Ordinal)))
            {
                try
                {
                    using var response = await probe.GetAsync(ping, cancellationToken).ConfigureAwait(false);
                    if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                    {
                        return true;
                    }

                    lastAnswer = $"HTTP {(int)response.StatusCode}";
                }
                catch (HttpRequestException e)
                {
                    lastAnswer = e.Message;
                }
                catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    lastAnswer = e.Message;
                }
            }

            if (clock.Elapsed > Options.StartTimeout)
            {
                throw new TimeoutException(
                    $"docker-registry did not answer GET {ping} with 200/401 within {Options.StartTimeout.TotalSeconds:0.#} s " +
                    $"(last: {lastAnswer}).{Environment.NewLine}{Log}");
            }

            await Task.Delay(ProbeInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task StopProcessAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        AppDomain.CurrentDomain.ProcessExit -= KillOnHostExit;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(StopTimeout);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill: nothing left to stop.
        }
        finally
        {
            process.Dispose();
        }
    }

    private void DeleteTemporaryDirectory()
    {
        if (TemporaryDirectory.Length == 0 || !Directory.Exists(TemporaryDirectory))
        {
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.Delete(TemporaryDirectory, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                // A child that was just killed may still be releasing files.
                Thread.Sleep(50 * attempt);
            }
        }
    }

    private void EnsureStarted()
    {
        if (_process is null)
        {
            throw new InvalidOperationException("The registry is not running: call InitializeAsync or StartAsync first.");
        }
    }
}
