using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy;

/// <summary>What a copy did: the manifest it wrote, every manifest it pushed, and what happened to every blob.</summary>
public sealed class CopyResult
{
    internal CopyResult(Digest sourceDigest, IReadOnlyList<CopiedManifest> manifests, IReadOnlyList<CopiedBlob> blobs)
    {
        SourceDigest = sourceDigest;
        Manifests = manifests;
        Blobs = blobs;
    }

    /// <summary>Gets the digest the source reference resolved to.</summary>
    public Digest SourceDigest { get; }

    /// <summary>
    /// Gets the top-level manifest written (under the destination tag, if one was given): the source's manifest, the
    /// chosen instance of an index (<see cref="MultiArchMode.System"/>), a converted manifest or a subset index.
    /// </summary>
    public Descriptor Manifest => Manifests[^1].Written;

    /// <summary>
    /// Gets a value indicating whether <see cref="Manifest"/>'s digest differs from <see cref="SourceDigest"/>: the
    /// manifest was converted, is a subset index, or is the one instance chosen from an index.
    /// </summary>
    public bool DigestChanged => Manifest.Digest != SourceDigest;

    /// <summary>Gets every manifest pushed, in the order pushed (instances before the index that lists them).</summary>
    public IReadOnlyList<CopiedManifest> Manifests { get; }

    /// <summary>Gets every distinct blob of the copy (each digest once, however many images share it), in plan order.</summary>
    public IReadOnlyList<CopiedBlob> Blobs { get; }

    /// <summary>
    /// Gets the referrers the copy found, when asked to copy them (<see cref="CopyOptions.CopyReferrers"/>): each
    /// copied, or not with the reason; subjects before their referrers. Empty otherwise.
    /// </summary>
    public IReadOnlyList<CopiedReferrer> Referrers { get; internal init; } = [];

    /// <summary>Gets the bytes read from the source for all blobs.</summary>
    public long BytesTransferred => Blobs.Sum(b => b.BytesTransferred);
}
