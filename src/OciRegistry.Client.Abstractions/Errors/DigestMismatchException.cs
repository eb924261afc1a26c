namespace OciRegistry.Client;

/// <summary>
/// Content did not match the digest or size it was supposed to have: a corrupted, truncated or substituted blob or
/// manifest. Nothing that referenced the content was written.
/// </summary>
public sealed class DigestMismatchException : OciRegistryException
{
    /// <summary>Creates the exception for a content whose digest, and possibly size, differ from what was expected.</summary>
    /// <param name="expected">The digest the content should have had.</param>
    /// <param name="actual">The digest it had.</param>
    /// <param name="expectedSize">The size it should have had, if known.</param>
    /// <param name="actualSize">The size it had, if known.</param>
    public DigestMismatchException(Digest expected, Digest actual, long? expectedSize = null, long? actualSize = null)
        : base(Describe(expected, actual, expectedSize, actualSize))
    {
        Expected = expected;
        Actual = actual;
        ExpectedSize = expectedSize;
        ActualSize = actualSize;
    }

    /// <summary>Creates the exception with a message of the caller's.</summary>
    /// <param name="message">What did not match.</param>
    public DigestMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message of the caller's and a cause.</summary>
    /// <param name="message">What did not match.</param>
    /// <param name="innerException">The cause.</param>
    public DigestMismatchException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no message of its own.</summary>
    public DigestMismatchException()
    {
    }

    /// <summary>Gets the digest the content should have had.</summary>
    public Digest? Expected { get; }

    /// <summary>Gets the digest the content had.</summary>
    public Digest? Actual { get; }

    /// <summary>Gets the size the content should have had, if known.</summary>
    public long? ExpectedSize { get; }

    /// <summary>Gets the size the content had, if known.</summary>
    public long? ActualSize { get; }

    private static string Describe(Digest expected, Digest actual, long? expectedSize, long? actualSize)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        return expectedSize is { } e && actualSize is { } a && e != a
            ? $"Content {expected} is {a} bytes long, not the {e} bytes expected (its digest is {actual})."
            : $"Content expected to be {expected} has digest {actual}.";
    }
}
