using System.Globalization;
using OciRegistry.Client.Content;
using OciRegistry.Client.Copy.Compression;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy;

/// <summary>
/// The annotations a copy writes on the top-level manifest or index it writes when its bytes differ from the
/// source's — a format conversion, a platform subset, one instance of an index converted, a change of layer
/// compression — so that a later look at the destination can tell which source image, copied how, it holds.
/// </summary>
/// <remarks>
/// <para>
/// Only OCI manifests and indexes carry them: Docker schema 2 manifests and manifest lists have no annotations, so a
/// copy written in that format records nothing. A copy that keeps the source's bytes records nothing either, since
/// its digest is the source's. An annotation of either name that the source already carries is replaced.
/// </para>
/// <para>
/// The selection is one text of <c>key=value</c> parts joined by <c>;</c>, in this order, each only when it applies:
/// <c>format=oci</c> or <c>format=v2s2</c> (the format written); for an index, <c>platforms=all</c>,
/// <c>platforms=os/arch[/variant],…</c> (the platforms asked for, normalised and sorted) or <c>system=os/arch[/variant]</c>
/// (the one instance picked); and <c>layers=gzip|zstd|compress|decompress[:level]</c> (the change of layer
/// compression, only when it changed a layer). Two copies with the same selection of one source image write the same
/// manifest.
/// </para>
/// </remarks>
public static class CopyAnnotations
{
    /// <summary>The annotation that holds the digest of the source's top-level manifest (or index) the copy read.</summary>
    public const string SourceDigest = "io.ociregistry.client.source.digest";

    /// <summary>The annotation that holds what the copy selected and converted: the options that made the written bytes differ.</summary>
    public const string SourceSelection = "io.ociregistry.client.source.selection";

    /// <summary>
    /// Tells whether <paramref name="written"/> records itself as the copy of <paramref name="source"/> that a copy with
    /// <paramref name="options"/> into <paramref name="destination"/> writes: both annotations are present and equal to
    /// the source's digest and to the selection these options make. Such a destination already holds what the copy
    /// would write, provided the source's manifests did not change under the same digest (they cannot: the digest is
    /// of their bytes).
    /// </summary>
    /// <param name="written">The manifest the destination holds.</param>
    /// <param name="source">The source's top-level manifest as resolved: its digest and media type.</param>
    /// <param name="options">The options of the copy that would be made.</param>
    /// <param name="destination">What the destination says it is (a layout holds OCI only); <see cref="ImageStoreDescription.Default"/> when <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the annotations match; <see langword="false"/> otherwise, and for every manifest without them.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static bool IsCopyOf(Manifest written, Descriptor source, CopyOptions options, ImageStoreDescription? destination = null)
    {
        ArgumentNullException.ThrowIfNull(written);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        var annotations = written.Image?.Annotations ?? written.Index?.Annotations;
        if (annotations is null
            || !annotations.TryGetValue(SourceDigest, out var digest) || digest != source.Digest.ToString()
            || !annotations.TryGetValue(SourceSelection, out var selection))
        {
            return false;
        }

        var settings = options.Snapshot();
        var format = TargetFormat(settings, destination ?? ImageStoreDescription.Default);
        var sourceIsIndex = MediaTypes.IsIndex(source.MediaType);
        if (selection == Selection(settings, format, sourceIsIndex, layersChanged: true))
        {
            return true;
        }

        // A copy whose layer compression changed no layer records none; these options write the same image when they
        // would change none of the layers written either (an index's are in its instances, which are not read here).
        return settings.LayerCompression != LayerCompression.Preserve
            && selection == Selection(settings, format, sourceIsIndex, layersChanged: false)
            && written.Image is { } image
            && !image.Layers.Any(l => LayerCompressionRules.CompressionOf(l.MediaType) is { } from
                && LayerCompressionRules.Target(from, settings.LayerCompression, settings.CompressionAlgorithm) != from);
    }

    /// <summary>Tells whether the format can carry the annotations: OCI manifests and indexes only.</summary>
    internal static bool CanCarry(Manifest manifest) => manifest.MediaType is MediaTypes.OciManifest or MediaTypes.OciIndex;

    /// <summary>The format a copy writes manifests in: asked for, else the one the destination holds, else OCI when layers may become zstd.</summary>
    internal static ManifestFormat? TargetFormat(CopySettings settings, ImageStoreDescription destination) =>
        settings.Format ?? destination.RequiredFormat ?? (LayerCompressionRules.MayWriteZstd(settings) ? ManifestFormat.Oci : null);

    /// <summary>The selection text of a copy with <paramref name="settings"/> writing <paramref name="format"/>; its layers part only when <paramref name="layersChanged"/>.</summary>
    internal static string Selection(CopySettings settings, ManifestFormat? format, bool sourceIsIndex, bool layersChanged)
    {
        var parts = new List<string>(3);
        if (format is { } f)
        {
            parts.Add(f == ManifestFormat.Oci ? "format=oci" : "format=v2s2");
        }

        if (sourceIsIndex)
        {
            switch (settings.MultiArch)
            {
                case MultiArchMode.System:
                    parts.Add("system=" + settings.SystemPlatform.Normalize());
                    break;
                case MultiArchMode.All when settings.Platforms.Count > 0:
                    parts.Add("platforms=" + string.Join(',', settings.Platforms.Select(p => p.Normalize().ToString()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)));
                    break;
                case MultiArchMode.All:
                    parts.Add("platforms=all");
                    break;
                default:
                    parts.Add("index-only");
                    break;
            }
        }

        var layers = !layersChanged ? null : settings.LayerCompression switch
        {
            LayerCompression.Compress => settings.CompressionAlgorithm switch
            {
                CompressionAlgorithm.Gzip => "gzip",
                CompressionAlgorithm.Zstd => "zstd",
                _ => "compress",
            },
            LayerCompression.Decompress => "decompress",
            _ => null,
        };
        if (layers is not null)
        {
            parts.Add("layers=" + layers + (settings.CompressionLevel is { } level && settings.LayerCompression == LayerCompression.Compress
                ? ":" + level.ToString(CultureInfo.InvariantCulture)
                : string.Empty));
        }

        return string.Join(';', parts);
    }

    /// <summary>Returns <paramref name="written"/> with both annotations set; it must be an OCI manifest or index.</summary>
    internal static Manifest Record(Manifest written, Digest source, string selection)
    {
        static Dictionary<string, string> With(IReadOnlyDictionary<string, string>? annotations, Digest source, string selection)
        {
            var merged = annotations is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(annotations, StringComparer.Ordinal);
            merged[SourceDigest] = source.ToString();
            merged[SourceSelection] = selection;
            return merged;
        }

        return written.Image is { } image
            ? Manifest.Create(image with { Annotations = With(image.Annotations, source, selection) })
            : Manifest.Create(written.Index! with { Annotations = With(written.Index.Annotations, source, selection) });
    }
}
