using OciRegistry.Client.Copy.Engine;
using OciRegistry.Client.Copy.Formats;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Compression;

/// <summary>
/// Rewrites the planned manifests once layers were converted: each image manifest lists its converted layers with
/// their new digest, size and media type (in the manifest's own format), and each index lists its rewritten instances.
/// Manifests that list no converted layer keep their bytes.
/// </summary>
internal static class LayerRewrite
{
    // Annotations that describe the layer's compressed bytes, and are wrong once they change.
    private static readonly string[] CompressedByteAnnotations =
    [
        "io.containers.zstd-chunked.manifest-checksum",
        "io.containers.zstd-chunked.manifest-position",
        "io.github.containers.zstd-chunked.manifest-checksum",
        "io.github.containers.zstd-chunked.manifest-position",
        "containerd.io/snapshot/stargz/toc.digest",
        "io.containers.estargz.uncompressed-size",
    ];

    /// <summary>Rewrites <paramref name="plan"/> and everything below it.</summary>
    /// <param name="plan">The planned manifest.</param>
    /// <param name="converted">The converted layers, by their source digest.</param>
    /// <returns>The plan with rewritten manifests; <paramref name="plan"/> itself when nothing it lists changed.</returns>
    public static PlannedManifest Apply(PlannedManifest plan, IReadOnlyDictionary<Digest, ConvertedLayer> converted)
    {
        switch (plan.Written.Kind)
        {
            case ManifestKind.Image:
                var image = plan.Written.Image!;
                if (!image.Layers.Any(l => converted.ContainsKey(l.Digest)))
                {
                    return plan;
                }

                var format = ManifestConverter.FormatOf(plan.Written.MediaType) ?? ManifestFormat.Oci;
                var layers = image.Layers.Select(l => converted.TryGetValue(l.Digest, out var c) ? Rewrite(l, c, format) : l).ToArray();
                var written = format == ManifestFormat.DockerV2S2
                    ? DockerSchema2Json.CreateManifest(image.Config, layers)
                    : Manifest.Create(image with { Layers = layers });
                return plan with { Written = written };

            case ManifestKind.Index:
                var children = plan.Children.Select(c => Apply(c, converted)).ToArray();
                if (children.Zip(plan.Children).All(pair => ReferenceEquals(pair.First, pair.Second)))
                {
                    return plan;
                }

                var replaced = plan.Children.Zip(children).ToDictionary(pair => pair.First.Written.Digest, pair => pair.Second.Written);
                var entries = plan.Written.Index!.Manifests
                    .Select(e => replaced.TryGetValue(e.Digest, out var w) ? e with { MediaType = w.MediaType, Digest = w.Digest, Size = w.Size } : e)
                    .ToArray();
                return plan with { Written = ManifestConverter.RewriteIndex(plan.Written, entries, null), Children = children };

            default:
                return plan;
        }
    }

    private static Descriptor Rewrite(Descriptor layer, ConvertedLayer converted, ManifestFormat format)
    {
        var annotations = layer.Annotations;
        if (annotations is not null && CompressedByteAnnotations.Any(annotations.ContainsKey))
        {
            var kept = annotations.Where(a => !CompressedByteAnnotations.Contains(a.Key)).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
            annotations = kept.Count == 0 ? null : kept;
        }

        return layer with
        {
            MediaType = LayerCompressionRules.LayerType(converted.Compression, format),
            Digest = converted.Digest,
            Size = converted.Size,
            Annotations = annotations,
        };
    }
}
