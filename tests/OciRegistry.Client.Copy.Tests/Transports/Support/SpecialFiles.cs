using System.Diagnostics;

namespace OciRegistry.Client.Copy.Tests.Transports.Support;

/// <summary>FIFOs in place of image files, and a bound on calls that would block forever on one.</summary>
internal static class SpecialFiles
{
    /// <summary>How long a call that must fail at once may take before the test calls it a hang.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    /// <summary>Replaces whatever is at <paramref name="path"/> with a FIFO that no one writes to.</summary>
    public static void ReplaceWithFifo(string path)
    {
        File.Delete(path);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    /// <summary>
    /// Runs <paramref name="call"/> on the thread pool and waits at most <see cref="HangGuard"/>: a call that blocks in
    /// <c>open(2)</c> on a FIFO never returns a task, so awaiting it directly would hang the test run.
    /// </summary>
    public static async Task<TException> ThrowsPromptlyAsync<TException>(Func<Task> call)
        where TException : Exception
    {
        var run = Task.Run(call);
        var finished = await Task.WhenAny(run, Task.Delay(HangGuard));
        Assert.True(finished == run, $"The call still blocked after {HangGuard.TotalSeconds} s (a FIFO was opened).");
        return await Assert.ThrowsAsync<TException>(() => run);
    }
}
