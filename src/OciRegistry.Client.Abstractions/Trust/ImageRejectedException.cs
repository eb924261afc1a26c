namespace OciRegistry.Client.Trust;

/// <summary>
/// A trust policy does not accept an image. The message names the image, the policy scope that applied and why each
/// requirement failed; nothing was written.
/// </summary>
public sealed class ImageRejectedException : OciRegistryException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="image">The image, as its location is written.</param>
    /// <param name="scope">The policy scope that applied, for example <c>docker: registry.example.com/app</c> or <c>default</c>.</param>
    /// <param name="reasons">Why each requirement of the scope failed; at least one.</param>
    public ImageRejectedException(string image, string scope, IReadOnlyList<string> reasons)
        : base(Describe(image, scope, reasons))
    {
        Image = image;
        Scope = scope;
        Reasons = reasons;
    }

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">The message.</param>
    public ImageRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ImageRejectedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public ImageRejectedException()
    {
    }

    /// <summary>Gets the image, as its location is written.</summary>
    public string? Image { get; }

    /// <summary>Gets the policy scope that applied.</summary>
    public string? Scope { get; }

    /// <summary>Gets why each requirement of the scope failed.</summary>
    public IReadOnlyList<string> Reasons { get; } = [];

    private static string Describe(string image, string scope, IReadOnlyList<string> reasons)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(reasons);
        return $"Source image rejected: {image} (policy scope {scope}): {string.Join("; ", reasons)}";
    }
}
