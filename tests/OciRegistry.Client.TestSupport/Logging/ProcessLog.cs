using Xunit.Abstractions;

namespace OciRegistry.Client.TestSupport.Logging;

/// <summary>
/// The lines a child process wrote to stdout and stderr, in arrival order, safe to append to from the process's
/// reader threads while tests read it. Positions are line indexes, so a test can ask for "what came after N".
/// </summary>
public sealed class ProcessLog
{
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];

    /// <summary>The number of lines so far: the position to pass to <see cref="LinesSince"/> later.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _lines.Count;
            }
        }
    }

    public void Append(string line)
    {
        lock (_gate)
        {
            _lines.Add(line);
        }
    }

    public IReadOnlyList<string> LinesSince(int position)
    {
        lock (_gate)
        {
            return position >= _lines.Count ? [] : _lines[Math.Max(0, position)..];
        }
    }

    /// <summary>Starts writing this log's new lines to a test's output when the returned scope is disposed.</summary>
    public ProcessLogScope CaptureTo(ITestOutputHelper output, string source) => new(this, output, source);

    public override string ToString() => string.Join(Environment.NewLine, LinesSince(0));
}
