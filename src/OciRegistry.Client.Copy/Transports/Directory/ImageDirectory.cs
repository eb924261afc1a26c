using System.IO.Pipelines;
using OciRegistry.Client.Content;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// The <c>dir:PATH</c> format: <c>manifest.json</c> (the top-level manifest), <c>HEX.manifest.json</c> for the
/// instances of an index, each blob in a file named by the hex part of its digest, and a <c>version</c> file
/// holding <c>Directory Transport Version: 1.1</c>. One image per directory; no tags.
/// </summary>
/// <remarks>
/// <para>Reading: any reference that is not a digest (the empty string, by convention) means <c>manifest.json</c>;
/// a digest means <c>manifest.json</c> when it has that digest, else <c>HEX.manifest.json</c>.</para>
/// <para>Writing: as containers/image does, the first write into a non-empty directory requires a matching <c>version</c>
/// file (else it refuses, so an unrelated directory is never wiped) and then empties it. Each image manifest is
/// written as <c>HEX.manifest.json</c> and as <c>manifest.json</c>; an index as <c>manifest.json</c>. The copy
/// engine pushes an index's instances before the index, so <c>manifest.json</c> ends as the top-level manifest.
/// Every file is written to a temporary name and renamed into place; blobs are verified first.</para>
/// <para>A copy that ends before any manifest is written (it failed or was cancelled) leaves nothing once this
/// object is disposed: a directory it created is removed, and a directory that was there is left empty (a previous
/// image in it was erased by the first write, as containers/image erases it).</para>
/// </remarks>
public sealed class ImageDirectory : IImageSource, IImageDestination, IDisposable
{
    /// <inheritdoc/>
    public ImageStoreDescription Description => ImageStoreDescription.Default;

    /// <summary>The exact content of the <c>version</c> file.</summary>
    public const string VersionFileContent = "Directory Transport Version: 1.1\n";

    /// <summary>The name of the file holding the top-level manifest; a directory that has it holds an image.</summary>
    public const string ManifestFileName = "manifest.json";

    private const string VersionFile = "version";
    private const int MaxVersionFileSize = 4096;

    private readonly DirectoryImageFiles _files;
    private readonly UncommittedWrites _writes;
    private readonly SemaphoreSlim _prepareGate = new(1, 1);
    private volatile bool _prepared;

    /// <summary>Opens (or, when first written to, creates) the directory at <paramref name="path"/>.</summary>
    /// <param name="path">The directory.</param>
    public ImageDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        _files = new DirectoryImageFiles(path);
        _writes = new UncommittedWrites(path);
    }

    /// <summary>Gets the directory.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public async Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default) =>
        (await FetchManifestAsync(reference, cancellationToken).ConfigureAwait(false)).Descriptor;

    /// <inheritdoc/>
    public async Task<Manifest> FetchManifestAsync(string reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var top = await ReadManifestAsync(ManifestFileName, null, cancellationToken).ConfigureAwait(false);
        if (!Digest.TryParse(reference, out var digest) || !digest.IsVerifiable)
        {
            return top ?? throw new ManifestNotFoundException($"\"{Path}\" holds no image: it has no manifest.json.");
        }

        if (top is not null && top.Digest == digest)
        {
            return top;
        }

        return await ReadManifestAsync(digest.Encoded + ".manifest.json", digest, cancellationToken).ConfigureAwait(false)
            ?? throw new ManifestNotFoundException($"The manifest {digest} is not in \"{Path}\".");
    }

    /// <inheritdoc/>
    public Task<BlobContent> FetchBlobAsync(Descriptor blob, long offset = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_files.OpenBlob(blob.Digest.Encoded, blob, offset));
    }

    /// <inheritdoc/>
    public Task<bool> BlobExistsAsync(Descriptor blob, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        cancellationToken.ThrowIfCancellationRequested();

        // Before the first write the directory may still hold a previous image, which that write erases.
        return Task.FromResult(_prepared && _files.GetLength(blob.Digest.Encoded) == blob.Size);
    }

    /// <inheritdoc/>
    public async Task PushBlobAsync(Descriptor blob, PipeReader content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(content);
        await PrepareAsync(cancellationToken).ConfigureAwait(false);
        await VerifiedBlobWriter.WriteAsync(blob, content.AsStream(leaveOpen: true), System.IO.Path.Combine(Path, blob.Digest.Encoded), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<Descriptor> PushManifestAsync(Manifest manifest, string? tag = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        await PrepareAsync(cancellationToken).ConfigureAwait(false);
        if (manifest.Kind != ManifestKind.Index)
        {
            await AtomicFile.WriteAllBytesAsync(System.IO.Path.Combine(Path, manifest.Digest.Encoded + ".manifest.json"), manifest.Content, cancellationToken).ConfigureAwait(false);
        }

        await AtomicFile.WriteAllBytesAsync(System.IO.Path.Combine(Path, ManifestFileName), manifest.Content, cancellationToken).ConfigureAwait(false);
        _writes.Commit();
        return manifest.Descriptor;
    }

    /// <summary>
    /// Releases the object. When no manifest was written since it was created (the copy failed or was cancelled),
    /// takes back what it wrote: a directory it created goes whole; a directory that was there is left empty.
    /// </summary>
    public void Dispose()
    {
        RollBack();
        _prepareGate.Dispose();
    }

    private async Task<Manifest?> ReadManifestAsync(string name, Digest? digest, CancellationToken cancellationToken)
    {
        var stream = _files.OpenRead(name);
        if (stream is null)
        {
            return null;
        }

        await using (stream.ConfigureAwait(false))
        {
            return await Manifest.ReadAsync(stream, null, digest, Manifest.DefaultMaxSize, cancellationToken).ConfigureAwait(false);
        }
    }

    // What is in the directory after the first write is this object's own: the directory was empty, or held a previous
    // image that the first write erased.
    private void RollBack()
    {
        if (!_writes.HasWritten)
        {
            return;
        }

        if (_writes.CreatedDirectory is not null)
        {
            _writes.DeleteCreatedDirectory();
            return;
        }

        try
        {
            foreach (var entry in new DirectoryInfo(Path).EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo { LinkTarget: null } sub)
                {
                    sub.Delete(recursive: true);
                }
                else
                {
                    entry.Delete();
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (_prepared)
        {
            return;
        }

        await _prepareGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_prepared)
            {
                return;
            }

            var directory = new DirectoryInfo(Path);
            if (directory.Exists && directory.EnumerateFileSystemInfos().Any())
            {
                var version = await RegularFile.TryReadAllBytesAsync(System.IO.Path.Combine(Path, VersionFile), MaxVersionFileSize, cancellationToken).ConfigureAwait(false);
                if (version is null || !version.AsSpan().SequenceEqual(System.Text.Encoding.ASCII.GetBytes(VersionFileContent)))
                {
                    throw new InvalidImageLayoutException(
                        $"\"{Path}\" is not empty and is not an image directory (no \"version\" file reading \"{VersionFileContent.TrimEnd()}\"); refusing to overwrite it.");
                }

                foreach (var entry in directory.EnumerateFileSystemInfos())
                {
                    if (entry is DirectoryInfo { LinkTarget: null } sub)
                    {
                        sub.Delete(recursive: true);
                    }
                    else
                    {
                        entry.Delete();
                    }
                }
            }

            _writes.Starting();
            directory.Create();
            await AtomicFile.WriteAllBytesAsync(System.IO.Path.Combine(Path, VersionFile), System.Text.Encoding.ASCII.GetBytes(VersionFileContent), cancellationToken).ConfigureAwait(false);
            _prepared = true;
        }
        finally
        {
            _prepareGate.Release();
        }
    }
}
