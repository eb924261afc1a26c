namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// An archive or directory holds an entry that would lead outside it: an absolute name, a <c>..</c> component, or a
/// symbolic or hard link whose target escapes it. Nothing is read through such an entry.
/// </summary>
public sealed class UnsafePathException : OciRegistryException
{
    /// <summary>Creates the exception for an entry of a container (archive or directory).</summary>
    /// <param name="container">The archive or directory, as the user named it.</param>
    /// <param name="entry">The offending entry's name.</param>
    /// <param name="reason">Why it is refused.</param>
    public UnsafePathException(string container, string entry, string reason)
        : base($"Refusing to read \"{container}\": its entry \"{entry}\" {reason}.")
    {
        Container = container;
        Entry = entry;
    }

    /// <inheritdoc cref="OciRegistryException(string)"/>
    public UnsafePathException(string message)
        : base(message)
    {
    }

    /// <inheritdoc cref="OciRegistryException(string, Exception?)"/>
    public UnsafePathException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc cref="OciRegistryException()"/>
    public UnsafePathException()
    {
    }

    /// <summary>Gets the archive or directory that holds the entry.</summary>
    public string? Container { get; }

    /// <summary>Gets the offending entry's name.</summary>
    public string? Entry { get; }
}
