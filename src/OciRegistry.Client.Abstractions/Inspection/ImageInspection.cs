using OciRegistry.Client.Models;

namespace OciRegistry.Client.Inspection;

/// <summary>
/// What an image is, read in one call (<see cref="ImageInspector.InspectAsync"/>, <c>OciRegistryClient.InspectAsync</c>,
/// <see cref="ImageOpener.InspectAsync"/>): the top-level manifest's digest and media type, the repository's tags when
/// asked for, and each image: the one image, or every instance an index lists, in its order.
/// </summary>
public sealed class ImageInspection
{
    internal ImageInspection(Digest digest, string mediaType, IReadOnlyList<string> tags, IReadOnlyList<InspectedImage> images)
    {
        Digest = digest;
        MediaType = mediaType;
        Tags = tags;
        Images = images;
    }

    /// <summary>Gets the digest of the top-level manifest (an index's own digest for a multi-platform image).</summary>
    public Digest Digest { get; }

    /// <summary>Gets the media type of the top-level manifest.</summary>
    public string MediaType { get; }

    /// <summary>Gets a value indicating whether the top-level manifest is an index (or a Docker manifest list).</summary>
    public bool IsIndex => MediaTypes.IsIndex(MediaType);

    /// <summary>Gets the tags of the repository or store, when they were asked for and it has tags; otherwise empty.</summary>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>Gets the image, or each instance of the index in its order.</summary>
    public IReadOnlyList<InspectedImage> Images { get; }
}
