using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Engine;

/// <summary>A manifest to push: as read from the source, as it will be written, and the manifests it lists.</summary>
/// <param name="Source">The manifest as the source has it (for a converted schema 1 image, the conversion).</param>
/// <param name="Written">The manifest to write: <paramref name="Source"/> itself unless converted or a subset.</param>
/// <param name="Platform">Its platform, when an index lists it with one.</param>
/// <param name="Children">The instances to push before it (an index's), in its order.</param>
internal sealed record PlannedManifest(Manifest Source, Manifest Written, Platform? Platform, IReadOnlyList<PlannedManifest> Children)
{
    /// <summary>Gets the blobs this manifest and its children reference (config and layers), in order, repeats included.</summary>
    public IEnumerable<Descriptor> Blobs => Source.Kind == ManifestKind.Image
        ? Source.References
        : Children.SelectMany(c => c.Blobs);

    /// <summary>Gets this manifest and every one below it in the order they are pushed: children first, this one last.</summary>
    public IEnumerable<PlannedManifest> InPushOrder => Children.SelectMany(c => c.InPushOrder).Append(this);
}
