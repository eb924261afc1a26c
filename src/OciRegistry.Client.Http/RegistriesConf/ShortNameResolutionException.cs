namespace OciRegistry.Client.Http.RegistriesConf;

/// <summary>A short name cannot be resolved: no alias and no search registry, or several candidates where the mode needs one.</summary>
public sealed class ShortNameResolutionException : OciRegistryException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="name">The short name.</param>
    /// <param name="message">Why it cannot be resolved.</param>
    /// <param name="candidates">The candidates it had, if any.</param>
    public ShortNameResolutionException(string name, string message, IReadOnlyList<ImageReference> candidates)
        : base(message)
    {
        Name = name;
        Candidates = candidates;
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ShortNameResolutionException(string message)
        : base(message)
    {
        Name = string.Empty;
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ShortNameResolutionException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Name = string.Empty;
    }

    /// <summary>Creates an exception with no message of its own.</summary>
    public ShortNameResolutionException()
    {
        Name = string.Empty;
    }

    /// <summary>Gets the short name.</summary>
    public string Name { get; }

    /// <summary>Gets the candidates the search registries gave, when there were several.</summary>
    public IReadOnlyList<ImageReference> Candidates { get; } = [];
}
