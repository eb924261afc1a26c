namespace OciRegistry.Client;

/// <summary>An image reference does not follow the distribution reference grammar.</summary>
public sealed class InvalidReferenceException : OciRegistryException
{
    /// <summary>Creates the exception for an input string, saying what is wrong and where.</summary>
    /// <param name="reference">The text that failed to parse.</param>
    /// <param name="reason">What is wrong with it.</param>
    /// <param name="position">The zero-based character position of the problem, if there is one.</param>
    public InvalidReferenceException(string reference, string reason, int? position = null)
        : base(position is { } p
            ? $"Invalid image reference \"{reference}\": {reason} (at position {p})."
            : $"Invalid image reference \"{reference}\": {reason}.")
    {
        Reference = reference;
        Reason = reason;
        Position = position;
    }

    /// <inheritdoc cref="OciRegistryException(string)"/>
    public InvalidReferenceException(string message)
        : base(message)
    {
    }

    /// <inheritdoc cref="OciRegistryException(string, Exception?)"/>
    public InvalidReferenceException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc cref="OciRegistryException()"/>
    public InvalidReferenceException()
    {
    }

    // For image locations, whose messages follow the containers transport syntax's own wording.
    internal InvalidReferenceException(string reference, string reason, string message, Exception? innerException)
        : base(message, innerException)
    {
        Reference = reference;
        Reason = reason;
    }

    /// <summary>Gets the text that failed to parse.</summary>
    public string? Reference { get; }

    /// <summary>Gets what is wrong with it.</summary>
    public string? Reason { get; }

    /// <summary>Gets the zero-based character position of the problem, if there is one.</summary>
    public int? Position { get; }
}

/// <summary>A digest string does not follow the OCI digest grammar.</summary>
public sealed class InvalidDigestException : OciRegistryException
{
    /// <summary>Creates the exception for an input string, saying what is wrong.</summary>
    /// <param name="digest">The text that failed to parse.</param>
    /// <param name="reason">What is wrong with it.</param>
    public InvalidDigestException(string digest, string reason)
        : base($"Invalid digest \"{digest}\": {reason}.")
    {
        Digest = digest;
        Reason = reason;
    }

    /// <inheritdoc cref="OciRegistryException(string)"/>
    public InvalidDigestException(string message)
        : base(message)
    {
    }

    /// <inheritdoc cref="OciRegistryException(string, Exception?)"/>
    public InvalidDigestException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc cref="OciRegistryException()"/>
    public InvalidDigestException()
    {
    }

    /// <summary>Gets the text that failed to parse.</summary>
    public string? Digest { get; }

    /// <summary>Gets what is wrong with it.</summary>
    public string? Reason { get; }
}

/// <summary>A digest uses an algorithm that parses but cannot be computed or verified here.</summary>
public sealed class UnsupportedDigestAlgorithmException : OciRegistryException
{
    /// <summary>Creates the exception for an algorithm.</summary>
    /// <param name="algorithm">The algorithm that was asked for.</param>
    /// <param name="innerException">The cause, if any.</param>
    public UnsupportedDigestAlgorithmException(string algorithm, Exception? innerException)
        : base($"The digest algorithm \"{algorithm}\" cannot be computed or verified; only sha256 and sha512 can.", innerException)
    {
        Algorithm = algorithm;
    }

    /// <summary>Creates the exception for an algorithm.</summary>
    /// <param name="algorithm">The algorithm that was asked for.</param>
    public UnsupportedDigestAlgorithmException(string algorithm)
        : this(algorithm, null)
    {
    }

    /// <summary>Creates the exception with no message of its own.</summary>
    public UnsupportedDigestAlgorithmException()
    {
    }

    /// <summary>Gets the algorithm that was asked for.</summary>
    public string? Algorithm { get; }
}

/// <summary>
/// A manifest, index or image configuration is malformed: not JSON, the wrong <c>schemaVersion</c>, a
/// <c>mediaType</c> that contradicts how it was served, or larger than the configured cap.
/// </summary>
public sealed class InvalidManifestException : OciRegistryException
{
    /// <inheritdoc cref="OciRegistryException(string)"/>
    public InvalidManifestException(string message)
        : base(message)
    {
    }

    /// <inheritdoc cref="OciRegistryException(string, Exception?)"/>
    public InvalidManifestException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc cref="OciRegistryException()"/>
    public InvalidManifestException()
    {
    }
}

/// <summary>A platform string is not of the form <c>os/arch[/variant]</c>.</summary>
public sealed class InvalidPlatformException : OciRegistryException
{
    /// <summary>Creates the exception for an input string, saying what is wrong.</summary>
    /// <param name="platform">The text that failed to parse.</param>
    /// <param name="reason">What is wrong with it.</param>
    public InvalidPlatformException(string platform, string reason)
        : base($"Invalid platform \"{platform}\": {reason}.")
    {
        Platform = platform;
    }

    /// <inheritdoc cref="OciRegistryException(string)"/>
    public InvalidPlatformException(string message)
        : base(message)
    {
    }

    /// <inheritdoc cref="OciRegistryException(string, Exception?)"/>
    public InvalidPlatformException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc cref="OciRegistryException()"/>
    public InvalidPlatformException()
    {
    }

    /// <summary>Gets the text that failed to parse.</summary>
    public string? Platform { get; }
}
