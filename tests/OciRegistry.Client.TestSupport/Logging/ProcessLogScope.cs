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
        var lines = _log.LinesSince(_start);
        _output.WriteLine($"--- {_source}: {lines.Count} log line(s) during this test ---");
        foreach (var line in lines)
        {
            _output.WriteLine(line);
        }
    }
}
