using Xunit.Abstractions;

namespace OciRegistry.Client.TestSupport.Logging;

/// <summary>
/// Shows a process's log in a test's output. Created at the start of a test, it remembers the log position; on
/// <see cref="Dispose"/> it writes the lines logged since then to the test's <see cref="ITestOutputHelper"/>.
/// xunit v2 console runs print a test's output only when the test fails, so a passing test stays quiet and a
/// failing one shows exactly the registry requests it made.
/// </summary>
/// <example>
/// <code>
/// public sealed class PushTests(RegistryFixture registry, ITestOutputHelper output)
///     : IClassFixture&lt;RegistryFixture&gt;, IDisposable
/// {
///     private readonly ProcessLogScope _log = registry.CaptureLog(output);
///     public void Dispose() => _log.Dispose();
/// }
/// </code>
/// or, inside one test, <c>using var log = registry.CaptureLog(output);</c>. With a shared fixture and parallel
/// tests the lines can include other tests' requests: filter on the repository name from
/// <c>NewRepository</c> when reading them.
/// </example>
public sealed class ProcessLogScope : IDisposable
{
    // distribution logs "response completed" after the response is written, so the client can be done before the
    // line arrives. Dispose waits until the log has been quiet this long (at most MaxSettle) before reading it.
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(30);
    private static readonly TimeSpan MaxSettle = TimeSpan.FromMilliseconds(300);

    private readonly ProcessLog _log;
    private readonly ITestOutputHelper _output;
    private readonly string _source;
    private readonly int _start;
    private bool _disposed;

    internal ProcessLogScope(ProcessLog log, ITestOutputHelper output, string source)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(output);
        _log = log;
        _output = output;
        _source = source;
        _start = log.Count;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        WaitUntilQuiet();
        var lines = _log.LinesSince(_start);
        _output.WriteLine($"--- {_source}: {lines.Count} log line(s) during this test ---");
        foreach (var line in lines)
        {
            _output.WriteLine(line);
        }
    }

    private void WaitUntilQuiet()
    {
        var deadline = DateTime.UtcNow + MaxSettle;
        var count = _log.Count;
        while (DateTime.UtcNow < deadline)
        {
            Thread.Sleep(Quiet);
            var now = _log.Count;
            if (now == count)
            {
                return;
            }

            count = now;
        }
    }
}
