using System.Diagnostics;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Support;

/// <summary>
/// An ocireg process a test started with <see cref="Ocireg.Start"/>: its streams are read as it runs, it can be sent a
/// signal, and it is killed if the test ends before it does.
/// </summary>
internal sealed class RunningOcireg : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly string _commandLine;
    private readonly ITestOutputHelper? _output;
    private readonly MemoryStream _stdout = new();
    private readonly Task _readOut;
    private readonly Task<string> _readErr;

    public RunningOcireg(Process process, string commandLine, ITestOutputHelper? output)
    {
        _process = process;
        _commandLine = commandLine;
        _output = output;
        _readOut = process.StandardOutput.BaseStream.CopyToAsync(_stdout);
        _readErr = process.StandardError.ReadToEndAsync();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The files the process holds open, as the kernel names them (<c>/proc/PID/fd</c>; " (deleted)" marks an unlinked file).</summary>
    public IReadOnlyList<string> OpenFiles()
    {
        var files = new List<string>();
        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{Id}/fd"))
            {
                try
                {
                    if (new FileInfo(fd).LinkTarget is { } target)
                    {
                        files.Add(target);
                    }
                }
                catch (IOException)
                {
                    // The descriptor closed while it was read.
                }
            }
        }
        catch (Exception e) when (e is DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            // The process has ended.
        }

        return files;
    }

    /// <summary>Waits, polling every 10 ms for at most 60 s, until <paramref name="condition"/> holds while the process still runs.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (_process.HasExited)
            {
                var result = await WaitForExitAsync();
                Assert.Fail($"ocireg ended before {what}{Environment.NewLine}{result}");
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                Assert.Fail($"{what} did not happen within 60 s");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Sends SIGTERM (15), as <c>kill PID</c>, systemd and Kubernetes do; <see cref="Process.Kill()"/> would send SIGKILL.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start");
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Waits for the end (at most 120 s, then kills it and fails).</summary>
    public async Task<OciregResult> WaitForExitAsync()
    {
        using (var timeout = new CancellationTokenSource(Timeout))
        {
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
                await Task.WhenAll(_readOut, _readErr);
                throw new TimeoutException($"{_commandLine} did not finish within {Timeout.TotalSeconds:0} s and was killed.{Environment.NewLine}stderr:{Environment.NewLine}{await _readErr}");
            }
        }

        await Task.WhenAll(_readOut, _readErr);
        var result = new OciregResult(_commandLine, _process.ExitCode, _stdout.ToArray(), await _readErr);
        _output?.WriteLine($"$ {_commandLine}  -> exit {result.ExitCode}");
        if (result.StandardError.Length > 0)
        {
            _output?.WriteLine(result.StandardError.TrimEnd());
        }

        return result;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        _stdout.Dispose();
    }
}
