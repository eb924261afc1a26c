using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Support;

/// <summary>
/// Runs <c>ocireg</c> as a real process, stdin closed and stdout/stderr redirected (so stderr is not a terminal),
/// in a throw-away home: <c>HOME</c>, <c>XDG_RUNTIME_DIR</c>, <c>XDG_CONFIG_HOME</c> and <c>DOCKER_CONFIG</c> point
/// into a temp directory, so no run reads or writes the real <c>~/.docker/config.json</c> or containers
/// <c>auth.json</c>. One per test class instance; disposing it deletes the home. As root, containers/image (and so
/// skopeo-compatible tools) keep the default <c>auth.json</c> in <c>/run/containers/0</c> whatever the environment
/// says: every login and logout in these tests names an <c>--authfile</c>.
/// </summary>
internal sealed class Ocireg : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private static readonly string[] IsolatedVariables =
        ["REGISTRY_AUTH_FILE", "DOCKER_AUTH_CONFIG", "CONTAINERS_REGISTRIES_CONF", "CONTAINERS_CERT_DIR", "DOCKER_CERT_PATH"];

    private readonly OciregBinary _binary = OciregBinary.Locate();
    private readonly ITestOutputHelper? _output;

    public Ocireg(ITestOutputHelper? output = null)
    {
        _output = output;
        Home = Directory.CreateTempSubdirectory("ocireg-cli-home-").FullName;
        foreach (var name in new[] { "runtime", "config", "docker", "work" })
        {
            Directory.CreateDirectory(Path.Combine(Home, name));
        }
    }

    /// <summary>The sandboxed home directory of every run.</summary>
    public string Home { get; }

    /// <summary>A path in the home for a file or directory a test names (not created).</summary>
    public string PathInHome(string name) => Path.Combine(Home, "work", $"{name}-{Guid.NewGuid():N}");

    public Task<OciregResult> RunAsync(params string[] arguments) => RunAsync(arguments, standardInput: null);

    public Task<OciregResult> RunAsync(IReadOnlyList<string> arguments, string? standardInput) =>
        RunAsync(arguments, standardInput, environment: null);

    /// <summary>Runs to the end, with <paramref name="environment"/> added to the sandbox's (for example <c>TMPDIR</c>).</summary>
    public async Task<OciregResult> RunAsync(IReadOnlyList<string> arguments, string? standardInput, IReadOnlyDictionary<string, string>? environment)
    {
        var startInfo = StartInfo(arguments, environment);
        var commandLine = Describe(arguments);
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{commandLine} did not start.");
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        using var stdout = new MemoryStream();
        var readOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var readErr = process.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(Timeout))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                await Task.WhenAll(readOut, readErr);
                throw new TimeoutException(
                    $"{commandLine} did not finish within {Timeout.TotalSeconds:0} s and was killed.{Environment.NewLine}stderr:{Environment.NewLine}{await readErr}");
            }
        }

        await Task.WhenAll(readOut, readErr);
        var result = new OciregResult(commandLine, process.ExitCode, stdout.ToArray(), await readErr);
        _output?.WriteLine($"$ {commandLine}  -> exit {result.ExitCode}");
        if (result.StandardError.Length > 0)
        {
            _output?.WriteLine(result.StandardError.TrimEnd());
        }

        return result;
    }

    /// <summary>
    /// Starts ocireg without waiting for it, stdin closed, for a test that acts on the running process (sends it a
    /// signal); the handle reads both streams and kills the process if it is disposed before it ends.
    /// </summary>
    public RunningOcireg Start(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var commandLine = Describe(arguments);
        var process = Process.Start(StartInfo(arguments, environment)) ?? throw new InvalidOperationException($"{commandLine} did not start.");
        process.StandardInput.Close();
        return new RunningOcireg(process, commandLine, _output);
    }

    private ProcessStartInfo StartInfo(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var startInfo = new ProcessStartInfo(_binary.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = Path.Combine(Home, "work"),
        };
        foreach (var argument in _binary.LeadingArguments.Concat(arguments))
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["HOME"] = Home;
        startInfo.Environment["XDG_RUNTIME_DIR"] = Path.Combine(Home, "runtime");
        startInfo.Environment["XDG_CONFIG_HOME"] = Path.Combine(Home, "config");
        startInfo.Environment["DOCKER_CONFIG"] = Path.Combine(Home, "docker");
        foreach (var name in IsolatedVariables)
        {
            startInfo.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        return startInfo;
    }

    /// <summary>Runs and asserts exit code 0, showing both streams when it is not.</summary>
    public async Task<OciregResult> SucceedAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
            // A killed child may still hold a file; the temp directory is cleaned by the system.
        }
    }

    // Passwords stay out of test output even though they are throw-away.
    private static string Describe(IReadOnlyList<string> arguments) =>
        "ocireg " + string.Join(' ', arguments.Select((a, i) =>
            i > 0 && arguments[i - 1] is "--creds" or "--src-creds" or "--dest-creds"
                or "-p" or "--password" or "--src-password" or "--dest-password" or "--registry-token"
                ? "***"
                : a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));
}
