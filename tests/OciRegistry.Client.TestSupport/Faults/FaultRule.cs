namespace OciRegistry.Client.TestSupport.Faults;

/// <summary>
/// Applies <see cref="Fault"/> to the requests <see cref="Match"/> selects, counted in arrival order: after skipping
/// the first <see cref="Skip"/> of them, to the next <see cref="Times"/>, then never again. Every rule counts every
/// request it matches, whether or not an earlier rule took that request; a request gets the fault of the first rule
/// (in the order added) whose window it falls in.
/// </summary>
public sealed class FaultRule
{
    private readonly Lock _lock = new();
    private int _seen;
    private int _applied;

    internal FaultRule(RequestMatch match, Fault fault, int times, int skip)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        Match = match;
        Fault = fault;
        Times = times;
        Skip = skip;
    }

    public RequestMatch Match { get; }

    public Fault Fault { get; }

    /// <summary>How many matching requests get the fault.</summary>
    public int Times { get; }

    /// <summary>How many matching requests pass untouched first (1 means "from the 2nd").</summary>
    public int Skip { get; }

    /// <summary>How many requests this rule matched so far.</summary>
    public int Seen
    {
        get
        {
            lock (_lock)
            {
                return _seen;
            }
        }
    }

    /// <summary>How many requests got this rule's fault so far.</summary>
    public int Applied
    {
        get
        {
            lock (_lock)
            {
                return _applied;
            }
        }
    }

    /// <summary>Counts a matching request; true when it falls in this rule's window and nothing else took it.</summary>
    internal bool Count(bool taken)
    {
        lock (_lock)
        {
            var index = _seen++;
            if (taken || index < Skip || index >= Skip + Times)
            {
                return false;
            }

            _applied++;
            return true;
        }
    }

    public override string ToString() => $"{Fault} on {Match} (skip {Skip}, {Times}×)";
}
