namespace OciRegistry.Client.Http.RegistriesConf;

/// <summary>An operation was refused, before any connection, because a <c>[[registry]]</c> with <c>blocked = true</c> matches its reference.</summary>
public sealed class BlockedRegistryException : OciRegistryException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reference">The reference that was refused.</param>
    /// <param name="entry">The table that blocks it.</param>
    public BlockedRegistryException(string reference, RegistryEntry entry)
        : base($"registry {entry?.Prefix} is blocked in {entry?.Source} ([[registry]] prefix = \"{entry?.Prefix}\", blocked = true): {reference} is refused")
    {
        ArgumentNullException.ThrowIfNull(entry);
        Reference = reference;
        Entry = entry;
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">The message.</param>
    public BlockedRegistryException(string message)
        : base(message)
    {
        Reference = string.Empty;
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public BlockedRegistryException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Reference = string.Empty;
    }

    /// <summary>Creates an exception with no message of its own.</summary>
    public BlockedRegistryException()
    {
        Reference = string.Empty;
    }

    /// <summary>Gets the refused reference.</summary>
    public string Reference { get; }

    /// <summary>Gets the table that blocks it, when known.</summary>
    public RegistryEntry? Entry { get; }
}
