using System.Runtime.InteropServices;

namespace OciRegistry.Client.Cli.Hosting;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM (what <c>kill</c>, <c>timeout</c>, systemd and Kubernetes send) cancel the running
/// command, so it stops at its next await and cleans up (temporary files, staging directories, half-written
/// archives) on its way out; the process then exits 128 + the signal's number, as a shell reports a process ended
/// by that signal: 130 for SIGINT, 143 for SIGTERM. A second signal takes the system's default action and ends the
/// process at once.
/// </summary>
internal sealed class CliSignals : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _exitCode;

    private CliSignals()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
        ];
    }

    /// <summary>Gets the token cancelled by the first signal.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>Gets the exit code for the signal received, or <see langword="null"/> when none was.</summary>
    public int? ExitCode => Volatile.Read(ref _exitCode) is var code and > 0 ? code : null;

    /// <summary>Starts handling SIGINT and SIGTERM.</summary>
    /// <returns>The handler; dispose it to restore the defaults.</returns>
    public static CliSignals Register() => new();

    /// <summary>The process's exit code: a command that did not succeed because a signal cancelled it exits with the signal's code.</summary>
    /// <param name="commandExitCode">What the command returned.</param>
    /// <returns>The exit code.</returns>
    public int ExitCodeFor(int commandExitCode) =>
        commandExitCode != ExitCodes.Success && ExitCode is { } signalled ? signalled : commandExitCode;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cancellation.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        var code = context.Signal == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;
        if (Interlocked.CompareExchange(ref _exitCode, code, 0) == 0)
        {
            context.Cancel = true;
            _cancellation.Cancel();
        }
    }
}
