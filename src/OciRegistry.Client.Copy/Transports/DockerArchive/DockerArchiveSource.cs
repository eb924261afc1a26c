using System.Globalization;
using OciRegistry.Client.Copy.Compression;
using System.Runtime.CompilerServices;
using OciRegistry.Client.Content;
using OciRegistry.Client.Copy.Formats;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// A docker archive (<c>docker-archive:PATH[:REF]</c>, the <c>docker save</c> format) opened for reading.
/// As containers/image does, each image is presented as a Docker schema 2 manifest generated from
/// <c>manifest.json</c> and the config: its layers are the uncompressed layer tars, with the config's diff IDs as
/// digests (a layer stored compressed, in gzip, zstd, xz or bzip2, is decompressed while it is read), labelled as uncompressed tars
/// (<c>application/vnd.docker.image.rootfs.diff.tar</c>; containers/image labels them gzip and compresses them on copy, which
/// this engine, copying bytes as they are, does not). The archive is indexed, not extracted.
/// </summary>
/// <remarks>
/// References: the empty string (the only image; an error when there are several), <c>@N</c> (the N-th item of
/// <c>manifest.json</c>), a reference such as <c>busybox:latest</c> matched against the normalized
/// <c>RepoTags</c>, or the digest of a generated manifest. Dispose it to close the index.
/// </remarks>
public sealed class DockerArchiveSource : IImageSource, ITagLister, IDisposable
{
    /// <inheritdoc/>
    public ImageStoreDescription Description => ImageStoreDescription.Default;

    private const int MaxConfigSize = 64 * 1024 * 1024;

    private readonly TarIndex _tar;
    private readonly IReadOnlyList<DockerArchiveItem> _items;
    private readonly Image?[] _images;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ArchiveReadOptions _options;

    private DockerArchiveSource(TarIndex tar, IReadOnlyList<DockerArchiveItem> items, ArchiveReadOptions options)
    {
        _tar = tar;
        _items = items;
        _options = options;
        _images = new Image?[items.Count];
    }

    /// <summary>Gets the archive's path.</summary>
    public string Path => _tar.DisplayName;

    /// <summary>Indexes the archive and reads its <c>manifest.json</c>.</summary>
    /// <param name="path">The archive (a plain tar, or one compressed with gzip, zstd, xz or bzip2).</param>
    /// <param name="options">How far compressed content may expand; <see cref="ArchiveReadOptions.Default"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The open archive.</returns>
    /// <exception cref="UnsafePathException">An entry name or link leads outside the archive.</exception>
    /// <exception cref="InvalidImageLayoutException">
    /// The archive has no valid <c>manifest.json</c>, has two entries of one name, or decompresses beyond the bound.
    /// </exception>
    public static async Task<DockerArchiveSource> OpenAsync(string path, ArchiveReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= ArchiveReadOptions.Default;
        var tar = await TarIndex.OpenAsync(path, options, cancellationToken).ConfigureAwait(false);
        try
        {
            var bytes = await ReadAllAsync(tar, DockerArchiveManifest.FileName, MaxConfigSize, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidImageLayoutException($"\"{path}\" is not a docker archive: it has no {DockerArchiveManifest.FileName}.");
            return new DockerArchiveSource(tar, DockerArchiveManifest.Parse(path, bytes), options);
        }
        catch
        {
            tar.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public async Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default) =>
        (await FetchManifestAsync(reference, cancellationToken).ConfigureAwait(false)).Descriptor;

    /// <inheritdoc/>
    public async Task<Manifest> FetchManifestAsync(string reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (Digest.TryParse(reference, out var digest) && digest.IsVerifiable)
        {
            for (var i = 0; i < _items.Count; i++)
            {
                var image = await LoadAsync(i, cancellationToken).ConfigureAwait(false);
                if (image.Manifest.Digest == digest)
                {
                    return image.Manifest;
                }
            }

            throw new ManifestNotFoundException($"No image of the docker archive \"{Path}\" has the manifest digest {digest}.");
        }

        return (await LoadAsync(Choose(reference), cancellationToken).ConfigureAwait(false)).Manifest;
    }

    /// <inheritdoc/>
    public async Task<BlobContent> FetchBlobAsync(Descriptor blob, long offset = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        for (var i = 0; i < _items.Count; i++)
        {
            var image = await LoadAsync(i, cancellationToken).ConfigureAwait(false);
            if (image.Blobs.TryGetValue(blob.Digest, out var file))
            {
                ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, file.Size);
                var stream = _tar.OpenRead(file.Name)!;
                if (file.Compression == CompressionKind.None)
                {
                    stream.Position = offset;
                    return new BlobContent(stream, file.Size, offset);
                }

                var decompressing = Codecs.Decompress(file.Compression, stream, leaveOpen: false);
                try
                {
                    await SkipAsync(decompressing, offset, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    await decompressing.DisposeAsync().ConfigureAwait(false);
                    throw;
                }

                return new BlobContent(decompressing, file.Size, offset);
            }
        }

        throw new BlobNotFoundException($"The blob {blob.Digest} is not in the docker archive \"{Path}\".");
    }

    /// <summary>Lists the <c>RepoTags</c> of every image, in <c>manifest.json</c> order.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The tags, as written in the archive.</returns>
    public async IAsyncEnumerable<string> ListTagsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var tag in _items.SelectMany(i => i.RepoTags))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return tag;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _tar.Dispose();
        _gate.Dispose();
    }

    private static async Task<byte[]?> ReadAllAsync(TarIndex tar, string name, int limit, CancellationToken cancellationToken)
    {
        var stream = tar.OpenRead(name);
        if (stream is null)
        {
            return null;
        }

        await using (stream.ConfigureAwait(false))
        {
            if (stream.Length > limit)
            {
                throw new InvalidImageLayoutException($"\"{name}\" in \"{tar.DisplayName}\" is {stream.Length} bytes, more than the limit of {limit}.");
            }

            var bytes = new byte[stream.Length];
            await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            return bytes;
        }
    }

    private static async Task SkipAsync(Stream stream, long count, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(count, 81920)];
        while (count > 0)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(count, buffer.Length)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException("The layer ended before the requested offset.");
            }

            count -= read;
        }
    }

    private Task<long> UncompressedSizeAsync(Stream compressed, CompressionKind kind, string layer, CancellationToken cancellationToken) =>
        BoundedDecompression.DecompressAsync(compressed, kind, compressed.Length, _options, $"The layer \"{layer}\" of \"{Path}\"", write: null, cancellationToken);

    private int Choose(string reference)
    {
        if (reference.Length == 0)
        {
            return _items.Count == 1
                ? 0
                : throw new InvalidImageLayoutException(
                    $"The docker archive \"{Path}\" holds {_items.Count} images; choose one with :@N or :NAME:TAG (tags: {string.Join(", ", _items.SelectMany(i => i.RepoTags))}).");
        }

        if (reference[0] == '@')
        {
            if (!int.TryParse(reference.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var position))
            {
                throw new InvalidReferenceException(reference, "a source index must be @ followed by a non-negative number");
            }

            return position < _items.Count
                ? position
                : throw new ManifestNotFoundException($"The docker archive \"{Path}\" has no image @{position}: its manifest.json lists {_items.Count}.");
        }

        var wanted = NormalizeTag(reference);
        for (var i = 0; i < _items.Count; i++)
        {
            foreach (var tag in _items[i].RepoTags)
            {
                if (!ImageReference.TryParse(tag, out var parsed))
                {
                    throw new InvalidImageLayoutException($"Item @{i} of the manifest.json of \"{Path}\" has an invalid tag \"{tag}\".");
                }

                if (parsed.WithDefaultTag().ToString() == wanted)
                {
                    return i;
                }
            }
        }

        throw new ManifestNotFoundException($"The docker archive \"{Path}\" has no image tagged \"{wanted}\".");
    }

    /// <summary>Normalizes a docker-archive reference (<c>busybox</c> → <c>docker.io/library/busybox:latest</c>); digests are refused.</summary>
    internal static string NormalizeTag(string reference)
    {
        var parsed = ImageReference.Parse(reference);
        if (parsed.Digest is not null)
        {
            throw new InvalidReferenceException(reference, "a docker archive reference must be NAME[:TAG], not a digest");
        }

        return parsed.WithDefaultTag().ToString();
    }

    private async Task<Image> LoadAsync(int position, CancellationToken cancellationToken)
    {
        if (_images[position] is { } loaded)
        {
            return loaded;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _images[position] ??= await BuildAsync(position, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Image> BuildAsync(int position, CancellationToken cancellationToken)
    {
        var item = _items[position];
        var configName = EntryNames.Normalize(Path, item.Config);
        var configBytes = await ReadAllAsync(_tar, configName, MaxConfigSize, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidImageLayoutException($"The config \"{item.Config}\" of image @{position} is missing from \"{Path}\".");
        var config = ImageConfig.Parse(configBytes);
        var diffIds = config.RootFileSystem?.DiffIds ?? [];
        if (diffIds.Count != item.Layers.Count)
        {
            throw new InvalidImageLayoutException(
                $"Image @{position} of \"{Path}\" lists {item.Layers.Count} layers in manifest.json but its config has {diffIds.Count} diff IDs.");
        }

        var configDescriptor = Descriptor.FromContent(MediaTypes.DockerConfig, configBytes);
        var blobs = new Dictionary<Digest, LayerFile> { [configDescriptor.Digest] = new LayerFile(configName, CompressionKind.None, configBytes.Length) };
        var layers = new List<Descriptor>();
        for (var i = 0; i < item.Layers.Count; i++)
        {
            var name = EntryNames.Normalize(Path, item.Layers[i]);
            var stream = _tar.OpenRead(name)
                ?? throw new InvalidImageLayoutException($"The layer \"{item.Layers[i]}\" of image @{position} is missing from \"{Path}\".");
            LayerFile file;
            await using (stream.ConfigureAwait(false))
            {
                var kind = Compression.Detect(stream);
                file = kind == CompressionKind.None
                    ? new LayerFile(name, kind, stream.Length)
                    : new LayerFile(name, kind, await UncompressedSizeAsync(stream, kind, item.Layers[i], cancellationToken).ConfigureAwait(false));
            }

            // The blob served is the layer's tar itself (a compressed file is decompressed as it is read, and its digest is
            // the diff ID), so it is labelled an uncompressed tar: labelled gzip, as containers/image's generated manifest does,
            // a copy that keeps the bytes as they are would leave a registry holding "gzip" layers that are not gzip.
            blobs[diffIds[i]] = file;
            layers.Add(new Descriptor { MediaType = ManifestConverter.DockerLayerTar, Digest = diffIds[i], Size = file.Size });
        }

        return new Image(Formats.DockerSchema2Json.CreateManifest(configDescriptor, layers), blobs);
    }

    private sealed record LayerFile(string Name, CompressionKind Compression, long Size);

    private sealed record Image(Manifest Manifest, Dictionary<Digest, LayerFile> Blobs);
}
