using OciRegistry.Client.Content;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Trust;

/// <summary>An image whose trust is decided: where it is read from and the manifest its reference resolved to.</summary>
public sealed class ImageTrustSubject
{
    /// <summary>Creates a subject.</summary>
    /// <param name="location">
    /// Where the image lives, when the caller knows it; <see langword="null"/> when only a store was given, in which
    /// case a registry store's <see cref="ImageStoreDescription"/> names the image.
    /// </param>
    /// <param name="source">The store the image is read from (signatures stored beside it are read from it too).</param>
    /// <param name="reference">The tag or digest resolved in <paramref name="source"/>.</param>
    /// <param name="manifest">The resolved top-level manifest; its digest is what signatures must name.</param>
    public ImageTrustSubject(ImageLocation? location, IImageSource source, string reference, Manifest manifest)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(manifest);
        Location = location;
        Source = source;
        Reference = reference;
        Manifest = manifest;
    }

    /// <summary>Gets where the image lives, or <see langword="null"/> when the caller gave only a store.</summary>
    public ImageLocation? Location { get; }

    /// <summary>Gets the store the image is read from.</summary>
    public IImageSource Source { get; }

    /// <summary>Gets the tag or digest resolved in <see cref="Source"/>.</summary>
    public string Reference { get; }

    /// <summary>Gets the resolved top-level manifest.</summary>
    public Manifest Manifest { get; }
}
