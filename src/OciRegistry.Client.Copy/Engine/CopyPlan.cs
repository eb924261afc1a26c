using OciRegistry.Client.Content;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Engine;

/// <summary>
/// What a copy is to do, decided before any blob moves: the blobs to copy (each digest once), the manifests to write
/// in the order they are written, the blobs the copy generated, and where blobs can be mounted from.
/// </summary>
internal sealed class CopyPlan
{
    /// <summary>Gets the top-level manifest as the source has it.</summary>
    public required Manifest Source { get; init; }

    /// <summary>Gets the tree of manifests to write; its root is written last, under the destination tag.</summary>
    public required PlannedManifest Root { get; init; }

    /// <summary>Gets every blob the manifests to write reference, each digest once, in the order first referenced.</summary>
    public required IReadOnlyList<Descriptor> Blobs { get; init; }

    /// <summary>Gets the manifests to write, in order: every instance before the index that lists it, <see cref="Root"/> last.</summary>
    public required IReadOnlyList<PlannedManifest> Manifests { get; init; }

    /// <summary>Gets the blobs a conversion generated (the configuration of a schema 1 image), which the source does not hold.</summary>
    public required IReadOnlyList<GeneratedBlob> GeneratedBlobs { get; init; }

    /// <summary>Gets where the destination can mount blobs from, or <see langword="null"/> when it cannot.</summary>
    public BlobMountSource? MountFrom { get; init; }

    /// <summary>
    /// Gets what the top-level manifest records when it is written with other bytes than the source's, or
    /// <see langword="null"/> when nothing is recorded (<see cref="CopySettings.RecordSource"/> off).
    /// </summary>
    public SourceRecord? Record { get; init; }

    /// <summary>
    /// Tells whether <paramref name="root"/> (the plan's root, after any layer rewrite) is written with other bytes than
    /// the source's top-level manifest: converted, a subset, recompressed layers, or a converted schema 1 image. One
    /// instance picked from an index and kept as it is is not.
    /// </summary>
    public bool Rewrites(PlannedManifest root) => root.Written.Digest != root.Source.Digest || Source.Kind == ManifestKind.Schema1;

    /// <summary>Gets the layers whose compression the copy changes, by their source digest.</summary>
    public IReadOnlyDictionary<Digest, Compression.LayerConversion> LayerConversions { get; init; } = new Dictionary<Digest, Compression.LayerConversion>();
}

/// <summary>What makes the selection a rewritten top-level manifest records (<see cref="CopyAnnotations"/>).</summary>
/// <param name="Settings">The copy's settings.</param>
/// <param name="Format">The format the copy writes.</param>
/// <param name="SourceIsIndex">Whether the source's top-level manifest is an index.</param>
internal sealed record SourceRecord(CopySettings Settings, ManifestFormat? Format, bool SourceIsIndex)
{
    /// <summary>Gets the selection text, with its layers part when a layer's compression changed.</summary>
    public string Selection(bool layersChanged) => CopyAnnotations.Selection(Settings, Format, SourceIsIndex, layersChanged);
}

/// <summary>A blob the copy generated, held in memory.</summary>
/// <param name="Descriptor">Its descriptor.</param>
/// <param name="Content">Its bytes.</param>
internal sealed record GeneratedBlob(Descriptor Descriptor, ReadOnlyMemory<byte> Content);

/// <summary>A repository of the destination's registry that the destination's mounter can mount blobs from.</summary>
/// <param name="Mounter">The destination's mounter.</param>
/// <param name="Repository">The source repository, within the registry.</param>
internal sealed record BlobMountSource(IBlobMounter Mounter, string Repository);
