namespace OciRegistry.Client.Copy;

/// <summary>
/// What a copy did, whether or not it succeeded (<see cref="ImageCopier.TryCopyAsync"/>): the result when it did, the
/// error when it did not, and in both cases what happened to every blob it set out to copy.
/// </summary>
public sealed record CopyOutcome
{
    /// <summary>Gets the copy's result; <see langword="null"/> when it failed (no manifest was pushed).</summary>
    public CopyResult? Result { get; init; }

    /// <summary>
    /// Gets why the copy failed, as <see cref="ImageCopier.CopyAsync"/> would have thrown it (for example a
    /// <see cref="DigestMismatchException"/> naming the blob, or an <see cref="OperationCanceledException"/>);
    /// <see langword="null"/> when it succeeded.
    /// </summary>
    public Exception? Error { get; init; }

    /// <summary>
    /// Gets every distinct blob of the copy with what happened to it: transferred, skipped, mounted, or failed (with
    /// its error). Empty when the copy failed before any blob was planned (an unknown tag, a refused conversion).
    /// </summary>
    public IReadOnlyList<CopiedBlob> Blobs { get; init; } = [];

    /// <summary>Gets a value indicating whether the copy succeeded.</summary>
    public bool Succeeded => Error is null;
}
