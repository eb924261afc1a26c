using System.Collections.Concurrent;
using System.IO.Pipelines;
using OciRegistry.Client.Content;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// Writes a docker archive (<c>docker-archive:PATH[:REF]</c>, loadable by <c>docker load</c>):
/// <c>manifest.json</c>, the config as <c>HEX.json</c> and each layer uncompressed as <c>DIFFID-HEX.tar</c>, as
/// containers/image writes them. A gzip layer is decompressed while it is pushed, in the same pass that verifies
/// its compressed digest; the resulting diff IDs are checked against the config when the manifest is pushed.
/// </summary>
/// <remarks>
/// Files are staged in a temporary directory; each image manifest pushed adds an image to <c>manifest.json</c> and
/// writes the whole archive to a temporary file beside <see cref="Path"/>, renamed over it when complete (a pipe or
/// a device such as <c>/dev/stdout</c> is written in place). The tag
/// passed to <see cref="PushManifestAsync"/> is a reference such as <c>busybox:latest</c>, stored normalized
/// (<c>docker.io/library/busybox:latest</c>) in <c>RepoTags</c>. An index cannot be stored: choose one platform.
/// Dispose it to delete the staging directory.
/// </remarks>
public sealed class DockerArchiveDestination : IImageDestination, IDisposable
{
    /// <inheritdoc/>
    public ImageStoreDescription Description => ImageStoreDescription.Default;

    private readonly string _staging;
    private readonly ConcurrentDictionary<Digest, StagedBlob> _blobs = new();
    private readonly List<DockerArchiveItem> _items = [];
    private readonly SemaphoreSlim _archiveGate = new(1, 1);

    /// <summary>Prepares to write the archive at <paramref name="path"/>, staging in the system's temporary directory.</summary>
    /// <param name="path">The archive to create or replace.</param>
    public DockerArchiveDestination(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        _staging = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ocireg-docker-archive-{Guid.NewGuid():N}");
    }

    /// <summary>Gets the archive's path.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public Task<bool> BlobExistsAsync(Descriptor blob, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        return Task.FromResult(_blobs.ContainsKey(blob.Digest));
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidImageLayoutException">A layer is zstd-compressed.</exception>
    public async Task PushBlobAsync(Descriptor blob, PipeReader content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(content);
        System.IO.Directory.CreateDirectory(_staging);
        if (MediaTypes.IsLayer(blob.MediaType))
        {
            var temp = System.IO.Path.Combine(_staging, $".layer-{Guid.NewGuid():N}");
            var (diffId, _) = await VerifiedBlobWriter.WriteDecompressedAsync(blob, content.AsStream(leaveOpen: true), temp, cancellationToken).ConfigureAwait(false);
            var name = diffId.Encoded + ".tar";
            File.Move(temp, System.IO.Path.Combine(_staging, name), overwrite: true);
            _blobs[blob.Digest] = new StagedBlob(name, diffId);
        }
        else
        {
            var name = blob.Digest.Encoded + ".json";
            await VerifiedBlobWriter.WriteAsync(blob, content.AsStream(leaveOpen: true), System.IO.Path.Combine(_staging, name), cancellationToken).ConfigureAwait(false);
            _blobs[blob.Digest] = new StagedBlob(name, null);
        }
    }

    /// <summary>Adds an image to the archive and writes it.</summary>
    /// <param name="manifest">An image manifest (OCI or Docker schema 2) whose config and layers were pushed.</param>
    /// <param name="tag">A reference such as <c>name:tag</c> to record in <c>RepoTags</c>, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The descriptor of the manifest (which the archive itself does not keep).</returns>
    /// <exception cref="InvalidImageLayoutException">The manifest is an index, a blob is missing, or the layers do not match the config's diff IDs.</exception>
    public async Task<Descriptor> PushManifestAsync(Manifest manifest, string? tag = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var image = manifest.Image ?? throw new InvalidImageLayoutException(
            $"A docker archive holds single-platform images, and {manifest.Digest} is {(manifest.Kind == ManifestKind.Index ? "an index: choose one platform" : $"of type {manifest.MediaType}")}.");
        var repoTag = tag is null ? null : DockerArchiveSource.NormalizeTag(tag);

        var config = Staged(image.Config, manifest);
        var configBytes = await File.ReadAllBytesAsync(System.IO.Path.Combine(_staging, config.Name), cancellationToken).ConfigureAwait(false);
        var diffIds = ImageConfig.Parse(configBytes).RootFileSystem?.DiffIds ?? [];
        var layers = image.Layers.Select(l => Staged(l, manifest)).ToList();
        if (layers.Count != diffIds.Count)
        {
            throw new InvalidImageLayoutException(
                $"The image {manifest.Digest} has {layers.Count} layers but its config lists {diffIds.Count} diff IDs; it cannot be written as a docker archive.");
        }

        for (var i = 0; i < layers.Count; i++)
        {
            if (layers[i].DiffId != diffIds[i])
            {
                throw new InvalidImageLayoutException(
                    $"Layer {i} ({image.Layers[i].Digest}) of {manifest.Digest} decompresses to {layers[i].DiffId}, but the config's diff ID is {diffIds[i]}.");
            }
        }

        await _archiveGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (repoTag is not null)
            {
                // A tag names one image, as docker load would leave it.
                for (var i = 0; i < _items.Count; i++)
                {
                    _items[i] = _items[i] with { RepoTags = [.. _items[i].RepoTags.Where(t => t != repoTag)] };
                }
            }

            _items.Add(new DockerArchiveItem(config.Name, repoTag is null ? [] : [repoTag], [.. layers.Select(l => l.Name)]));
            var manifestPath = System.IO.Path.Combine(_staging, DockerArchiveManifest.FileName);
            await File.WriteAllBytesAsync(manifestPath, DockerArchiveManifest.Serialize(_items), cancellationToken).ConfigureAwait(false);
            var entries = _items.SelectMany(item => item.Layers.Append(item.Config))
                .Distinct(StringComparer.Ordinal)
                .Select(name => (name, System.IO.Path.Combine(_staging, name)))
                .Append((DockerArchiveManifest.FileName, manifestPath))
                .ToList();
            await TarFileWriter.WriteAsync(Path, entries, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _archiveGate.Release();
        }

        return manifest.Descriptor;
    }

    /// <summary>Deletes the staging directory.</summary>
    public void Dispose()
    {
        _archiveGate.Dispose();
        try
        {
            System.IO.Directory.Delete(_staging, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
        }
    }

    private StagedBlob Staged(Descriptor blob, Manifest manifest) =>
        _blobs.TryGetValue(blob.Digest, out var staged)
            ? staged
            : throw new InvalidImageLayoutException($"The blob {blob.Digest} of {manifest.Digest} was not pushed to the docker archive \"{Path}\" before its manifest.");

    private sealed record StagedBlob(string Name, Digest? DiffId);
}
