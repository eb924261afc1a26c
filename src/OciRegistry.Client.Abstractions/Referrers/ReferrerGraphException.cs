namespace OciRegistry.Client.Referrers;

/// <summary>The referrers of a manifest cannot be read whole: they loop, or there are more, or deeper, than is read.</summary>
public sealed class ReferrerGraphException : OciRegistryException
{
    /// <inheritdoc cref="OciRegistryException(string)"/>
    public ReferrerGraphException(string message)
        : base(message)
    {
    }

    /// <inheritdoc cref="OciRegistryException(string, Exception?)"/>
    public ReferrerGraphException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc cref="OciRegistryException()"/>
    public ReferrerGraphException()
    {
    }
}
