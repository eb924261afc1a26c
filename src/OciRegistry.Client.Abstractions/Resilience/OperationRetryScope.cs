namespace OciRegistry.Client.Resilience;

/// <summary>
/// Marks the code that runs inside it (the current asynchronous flow and everything it starts) as one attempt of an
/// operation that retries as a whole, so that the requests it sends are each sent once: the operation is the one
/// retry owner, and a failure is not retried again underneath it (which would multiply the attempts). The copy engine
/// begins one around each blob; code that retries its own calls to the client can do the same.
/// </summary>
/// <example>
/// <code>
/// using (OperationRetryScope.Begin())
/// {
///     await using var content = await repository.FetchBlobAsync(blob, offset, cancellationToken);
///     // …
/// }
/// </code>
/// </example>
public sealed class OperationRetryScope : IDisposable
{
    // Flow-scoped, not shared: each asynchronous flow sees the scope it (or its caller) began.
    private static readonly AsyncLocal<OperationRetryScope?> Current = new();

    private readonly OperationRetryScope? _outer;
    private bool _disposed;

    private OperationRetryScope(OperationRetryScope? outer) => _outer = outer;

    /// <summary>Gets a value indicating whether the current flow is inside a scope: its requests are not retried underneath.</summary>
    public static bool IsActive => Current.Value is not null;

    /// <summary>Begins a scope for the current flow; dispose it where the operation's attempt ends.</summary>
    /// <returns>The scope.</returns>
    public static OperationRetryScope Begin()
    {
        var scope = new OperationRetryScope(Current.Value);
        Current.Value = scope;
        return scope;
    }

    /// <summary>Ends the scope: the flow has the retries it had before it began.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (ReferenceEquals(Current.Value, this))
        {
            Current.Value = _outer;
        }
    }
}
