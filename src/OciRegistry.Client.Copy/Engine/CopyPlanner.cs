using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OciRegistry.Client.Content;
using OciRegistry.Client.Copy.Compression;
using OciRegistry.Client.Copy.Formats;
using OciRegistry.Client.Copy.Transports;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Engine;

/// <summary>
/// Decides what a copy does, before any blob moves: which instances of an index, which conversions (and the blobs
/// they generate), which manifests are written in what order, which blobs are copied, and whether blobs can be
/// mounted. Every refusal is raised here as an <see cref="ImageCopyException"/>. It reads manifests of the source
/// (an index's instances; a schema 1 image's layers, whose digests its conversion needs) and writes nothing.
/// </summary>
internal sealed class CopyPlanner
{
    private readonly IImageSource _source;
    private readonly CopySettings _settings;
    private readonly ManifestFormat? _format;
    private readonly ImageStoreDescription? _required;
    private readonly BlobMountSource? _mountFrom;
    private readonly ILogger _logger;
    private readonly string _sourceReference;
    private readonly ConcurrentDictionary<Digest, LayerConversion> _conversions = new();
    private readonly List<GeneratedBlob> _generated = [];

    /// <param name="source">Where the manifests are read.</param>
    /// <param name="sourceReference">The reference the top manifest was fetched by, for messages.</param>
    /// <param name="from">The source's description, read once when the copy started.</param>
    /// <param name="to">The destination's description, read once when the copy started.</param>
    /// <param name="settings">The copy's settings.</param>
    /// <param name="logger">The logger.</param>
    public CopyPlanner(IImageSource source, string sourceReference, ImageStoreDescription from, ImageStoreDescription to, CopySettings settings, ILogger logger)
    {
        _source = source;
        _sourceReference = sourceReference;
        _settings = settings;
        _logger = logger;

        // A destination that holds one format only gets it when no format was asked for.
        _required = settings.Format is null && to.RequiredFormat is not null ? to : null;
        // Docker schema 2 has no zstd layer type: layers that become zstd are listed in OCI manifests.
        _format = CopyAnnotations.TargetFormat(settings, to);
        _mountFrom = MountSource(from, to);
    }

    /// <summary>Plans the copy of <paramref name="top"/>, the manifest the source reference names.</summary>
    /// <exception cref="ImageCopyException">The copy cannot be done as asked.</exception>
    public async Task<CopyPlan> PlanAsync(Manifest top, CancellationToken cancellationToken)
    {
        if (LayerCompressionRules.MayWriteZstd(_settings) && _settings.Format == ManifestFormat.DockerV2S2)
        {
            throw new ImageCopyException(
                $"Layers are to be compressed with zstd, which Docker schema 2 has no layer type for, and the format asked for is {nameof(ManifestFormat.DockerV2S2)}. " +
                $"Ask for {nameof(ManifestFormat.Oci)} (or no format), or compress with {nameof(CompressionAlgorithm.Gzip)}.");
        }

        using var gate = new SemaphoreSlim(_settings.MaxConcurrentBlobs, _settings.MaxConcurrentBlobs);
        var generated = _generated;
        var planned = top;
        if (top.Kind == ManifestKind.Schema1 && _format is { } format && !_settings.PreserveDigests)
        {
            // Schema 1 is read only: never written again as it is; with a format it is converted, and the
            // configuration the conversion generates is served to the transfer from memory.
            var (converted, config, configBytes) = await Schema1Conversion.ConvertAsync(_source, top, format, ImageName(top), cancellationToken).ConfigureAwait(false);
            generated.Add(new GeneratedBlob(config, configBytes));
            planned = converted;
        }

        var root = await PlanAsync(planned, null, isTop: true, gate, cancellationToken).ConfigureAwait(false);
        var seen = new HashSet<Digest>();
        return new CopyPlan
        {
            Source = top,
            Root = root,
            Blobs = [.. root.Blobs.Where(b => seen.Add(b.Digest))],
            Manifests = [.. root.InPushOrder],
            GeneratedBlobs = generated,
            MountFrom = _mountFrom,
            LayerConversions = _conversions,
            Record = _settings.RecordSource ? new SourceRecord(_settings, _format, MediaTypes.IsIndex(top.MediaType)) : null,
        };
    }

    // Blobs are mounted when both sides are repositories of one registry, different ones, and the destination has a mounter.
    private static BlobMountSource? MountSource(ImageStoreDescription from, ImageStoreDescription to) =>
        from.IsRegistryRepository && to.IsRegistryRepository && to.Mounter is { } mounter
        && string.Equals(from.Registry, to.Registry, StringComparison.OrdinalIgnoreCase)
        && !string.Equals(from.Repository, to.Repository, StringComparison.Ordinal)
            ? new BlobMountSource(mounter, from.Repository)
            : null;

    private async Task<PlannedManifest> PlanAsync(Manifest manifest, Platform? platform, bool isTop, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        switch (manifest.Kind)
        {
            case ManifestKind.Schema1:
                throw Schema1Refused(manifest);

            case ManifestKind.Image:
                await PlanLayerConversionsAsync(manifest, gate, cancellationToken).ConfigureAwait(false);
                return new PlannedManifest(manifest, Convert(manifest), platform, []);

            case ManifestKind.Index:
                var mode = isTop ? _settings.MultiArch : MultiArchMode.All;
                return mode switch
                {
                    MultiArchMode.IndexOnly => PlanIndexOnly(manifest),
                    MultiArchMode.System => await PlanSystemAsync(manifest, gate, cancellationToken).ConfigureAwait(false),
                    _ => await PlanAllAsync(manifest, platform, isTop, gate, cancellationToken).ConfigureAwait(false),
                };

            default:
                // A manifest type this SDK does not model: its bytes are carried as they are; what it references is unknown.
                return new PlannedManifest(manifest, manifest, platform, []);
        }
    }

    // Which layers of an image change compression, decided from their media types, with the diff IDs to check them by.
    private async Task PlanLayerConversionsAsync(Manifest manifest, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        if (_settings.LayerCompression == LayerCompression.Preserve)
        {
            return;
        }

        var image = manifest.Image!;
        var changes = new List<(int Index, Descriptor Layer, CompressionKind From, CompressionKind To)>();
        for (var i = 0; i < image.Layers.Count; i++)
        {
            var layer = image.Layers[i];
            if (LayerCompressionRules.CompressionOf(layer.MediaType) is { } from
                && LayerCompressionRules.Target(from, _settings.LayerCompression, _settings.CompressionAlgorithm) is var to && to != from)
            {
                changes.Add((i, layer, from, to));
            }
        }

        if (changes.Count == 0)
        {
            return;
        }

        if (_settings.PreserveDigests)
        {
            var (_, first, was, target) = changes[0];
            throw new ImageCopyException(
                $"The layer {first.Digest} of the image {ImageName(manifest)} is {Transports.Compression.Name(was)}; writing it {Transports.Compression.Name(target)} " +
                $"changes its digest and the manifest's, and digests are to be preserved. Do not ask to preserve digests, or keep layer compression as it is " +
                $"({nameof(CopyOptions)}.{nameof(CopyOptions.LayerCompression)} = {nameof(LayerCompression.Preserve)}).");
        }

        var diffIds = await DiffIdsAsync(image, gate, cancellationToken).ConfigureAwait(false);
        foreach (var (index, layer, from, to) in changes)
        {
            _conversions.TryAdd(layer.Digest, new LayerConversion(from, to, diffIds is not null && diffIds.Count == image.Layers.Count ? diffIds[index] : null));
        }
    }

    // The configuration's rootfs.diff_ids, or null when the configuration is not an image configuration that has them.
    private async Task<IReadOnlyList<Digest>?> DiffIdsAsync(ImageManifest image, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        const int MaxConfigSize = 4 * 1024 * 1024;
        if (image.Config.MediaType is not (MediaTypes.OciConfig or MediaTypes.DockerConfig) || image.Config.Size is < 0 or > MaxConfigSize)
        {
            return null;
        }

        byte[] bytes;
        if (_generated.FirstOrDefault(g => g.Descriptor.Digest == image.Config.Digest) is { } generated)
        {
            bytes = generated.Content.ToArray();
        }
        else
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var content = await _source.FetchBlobAsync(image.Config, 0, cancellationToken).ConfigureAwait(false);
                await using (content.ConfigureAwait(false))
                {
                    bytes = new byte[image.Config.Size];
                    await content.Stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                gate.Release();
            }

            if (Digest.Compute(bytes) != image.Config.Digest)
            {
                throw new DigestMismatchException(image.Config.Digest, Digest.Compute(bytes), image.Config.Size, bytes.Length);
            }
        }

        return ImageConfigDiffIds.Read(bytes);
    }

    private ImageCopyException Schema1Refused(Manifest manifest) =>
        new(_format is { } format && _settings.PreserveDigests
            ? $"The image {ImageName(manifest)} is a Docker schema 1 image ({manifest.MediaType}); converting it to {format} changes its digest, " +
              $"and digests are to be preserved. Do not ask to preserve digests ({nameof(CopyOptions)}.{nameof(CopyOptions.PreserveDigests)}) to convert it."
            : $"The image {ImageName(manifest)} is a Docker schema 1 image ({manifest.MediaType}), which is read only: it is not written as it is. " +
              $"Ask for a format ({nameof(CopyOptions)}.{nameof(CopyOptions.Format)}: {nameof(ManifestFormat.DockerV2S2)} or {nameof(ManifestFormat.Oci)}) to convert it while copying.");

    private string ImageName(Manifest manifest) =>
        string.IsNullOrEmpty(_sourceReference) ? manifest.Digest.ToString() : $"{_sourceReference} ({manifest.Digest})";

    private Manifest Convert(Manifest manifest)
    {
        if (!ManifestConverter.NeedsConversion(manifest, _format))
        {
            return manifest;
        }

        if (_settings.PreserveDigests)
        {
            throw new ImageCopyException(_required is null
                ? $"Writing the manifest {manifest.Digest} ({manifest.MediaType}) as {_format} would change its digest, and digests are to be preserved. " +
                  "Leave the format unset, or do not ask to preserve digests."
                : RequiredFormatRefusal($"the manifest {manifest.Digest} ({manifest.MediaType})"));
        }

        return ManifestConverter.ConvertImage(manifest, _format!.Value);
    }

    private string RequiredFormatRefusal(string what) =>
        $"The destination is {_required!.RequiredFormatReason}: writing {what} there converts it to {_required.RequiredFormat} and changes its digest, " +
        "and digests are to be preserved. Copy it to a registry or a dir: destination to keep its digest, or do not ask to preserve digests.";

    private PlannedManifest PlanIndexOnly(Manifest index)
    {
        if (ManifestConverter.NeedsConversion(index, _format))
        {
            throw new ImageCopyException(
                $"Only the index {index.Digest} is to be copied, as its bytes are: it cannot be converted to {_format} without converting, and so copying, its instances" +
                (_required is null ? "." : $"; and the destination is {_required.RequiredFormatReason}. Copy all instances, or one platform."));
        }

        return new PlannedManifest(index, index, null, []);
    }

    private async Task<PlannedManifest> PlanSystemAsync(Manifest index, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        var wanted = _settings.SystemPlatform;
        var entry = index.Index!.Manifests.FirstOrDefault(e => e.Platform is { } p && wanted.Matches(p))
            ?? throw new ImageCopyException(
                $"The index {index.Digest} has no instance for {wanted}; it has {Describe(index.Index.Manifests)}. " +
                "Choose a platform, or copy all instances.");
        CopyLog.InstanceSelected(_logger, entry.Digest, entry.Platform!.ToString());
        var instance = await FetchInstanceAsync(index, entry, gate, cancellationToken).ConfigureAwait(false);
        return await PlanAsync(instance, entry.Platform, isTop: false, gate, cancellationToken).ConfigureAwait(false);
    }

    private async Task<PlannedManifest> PlanAllAsync(Manifest index, Platform? platform, bool isTop, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        var all = index.Index!.Manifests;
        var entries = all;
        if (isTop && _settings.Platforms.Count > 0)
        {
            entries = [.. all.Where(e => e.Platform is { } p && _settings.Platforms.Any(w => w.Matches(p)))];
            var missing = _settings.Platforms.Where(w => !entries.Any(e => w.Matches(e.Platform!))).ToArray();
            if (missing.Length > 0)
            {
                throw new ImageCopyException(
                    $"The index {index.Digest} has no instance for {string.Join(", ", missing.Select(p => p.ToString()))}; it has {Describe(all)}.");
            }

            entries = AttestationManifests.WithAttestationsOf(all, entries);
        }

        var children = await Task.WhenAll(entries.Select(async e =>
        {
            var instance = await FetchInstanceAsync(index, e, gate, cancellationToken).ConfigureAwait(false);
            return await PlanAsync(instance, e.Platform, isTop: false, gate, cancellationToken).ConfigureAwait(false);
        })).ConfigureAwait(false);

        var subset = entries.Count != all.Count;
        var converted = children.Any(c => c.Written != c.Source) || ManifestConverter.NeedsConversion(index, _format);
        if (!subset && !converted)
        {
            return new PlannedManifest(index, index, platform, children);
        }

        if (_settings.PreserveDigests)
        {
            throw new ImageCopyException(subset
                ? $"Copying only {string.Join(", ", _settings.Platforms.Select(p => p.ToString()))} of the index {index.Digest} writes a new index with another digest, and digests are to be preserved. Copy all instances, or do not ask to preserve digests."
                : _required is not null
                    ? RequiredFormatRefusal($"the index {index.Digest} ({index.MediaType})")
                    : $"Writing the index {index.Digest} as {_format} would change its digest, and digests are to be preserved. Leave the format unset, or do not ask to preserve digests.");
        }

        var rewritten = entries.Zip(children, (e, c) => e with { MediaType = c.Written.MediaType, Digest = c.Written.Digest, Size = c.Written.Size }).ToArray();
        var written = ManifestConverter.RewriteIndex(index, rewritten, ManifestConverter.NeedsConversion(index, _format) ? _format : null);
        return new PlannedManifest(index, written, platform, children);
    }

    private async Task<Manifest> FetchInstanceAsync(Manifest index, Descriptor entry, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var instance = await _source.FetchManifestAsync(entry.Digest.ToString(), cancellationToken).ConfigureAwait(false);
            if (instance.Digest != entry.Digest)
            {
                throw new DigestMismatchException(entry.Digest, instance.Digest, entry.Size, instance.Size);
            }

            return instance;
        }
        catch (ManifestNotFoundException e)
        {
            throw new ImageCopyException($"The index {index.Digest} lists the manifest {entry.Digest}, which the source does not have.", e);
        }
        finally
        {
            gate.Release();
        }
    }

    private static string Describe(IReadOnlyList<Descriptor> entries)
    {
        var platforms = entries.Where(e => e.Platform is not null).Select(e => e.Platform!.ToString()).Distinct(StringComparer.Ordinal).ToArray();
        return platforms.Length == 0 ? "no platforms listed" : string.Join(", ", platforms);
    }
}
