using System.IO.Pipelines;
using OciRegistry.Client.Content;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Transports;

/// <summary>
/// An OCI image layout directory (<c>oci:PATH[:TAG]</c>): <c>oci-layout</c>, <c>index.json</c> and
/// <c>blobs/ALG/ENCODED</c>. Read and written; tags are the <c>org.opencontainers.image.ref.name</c> annotation of
/// <c>index.json</c> entries.
/// </summary>
/// <remarks>
/// <para>References accepted when reading: a tag; <c>@N</c>, the N-th entry of <c>index.json</c>; a digest (any
/// manifest blob of the layout); or the empty string, the only entry when there is exactly one.</para>
/// <para>Blobs are written to a temporary file while they are hashed and renamed into place only once their size
/// and digest are verified. <c>oci-layout</c> and <c>index.json</c> are replaced atomically (temporary file, then
/// rename), and each read-modify-write of <c>index.json</c> holds an exclusive lock on <c>index.json.lock</c>, so
/// concurrent copies into one layout, from this process or others, all end up listed.</para>
/// <para>A copy that ends before its image is listed (it failed or was cancelled) leaves nothing once this object is
/// disposed: a layout directory it created is removed, and from a layout that was there it deletes the blobs it
/// added that no listed image references. An image is listed only when the blobs it references are present.</para>
/// <para>With a shared blob directory (<see cref="SharedBlobDirectory"/>), as containers/image's
/// <c>OCISharedBlobDirPath</c>, every blob (layers, configs and manifests) is read from and written to
/// <c>SHARED/ALG/ENCODED</c> instead of the layout's <c>blobs/</c>, which stays empty; <c>oci-layout</c> and
/// <c>index.json</c> stay in the layout. Blobs written there are complete and verified before they appear, and they
/// stay after a copy that fails: other layouts sharing the directory may already refer to them.</para>
/// </remarks>
public sealed class OciLayout : IImageSource, IImageDestination, ITagLister, IDisposable
{
    // The image-spec layout holds OCI manifests; other tools do not see Docker manifests in an index.json.
    private static readonly ImageStoreDescription LayoutDescription =
        ImageStoreDescription.HoldingOnly(ManifestFormat.Oci, "an OCI layout, which holds OCI manifests only (other tools do not read Docker manifests in one)");

    /// <inheritdoc/>
    public ImageStoreDescription Description => LayoutDescription;

    private static readonly byte[] LayoutFileContent = """{"imageLayoutVersion":"1.0.0"}"""u8.ToArray();

    private readonly OciLayoutReader _reader;
    private readonly SemaphoreSlim _indexGate = new(1, 1);
    private readonly bool _listUntagged;
    private readonly HashSet<Digest> _listedUntagged = [];
    private readonly UncommittedWrites _writes;

    /// <summary>Opens (or, when first written to, creates) the layout at <paramref name="path"/>.</summary>
    /// <param name="path">The layout directory.</param>
    public OciLayout(string path)
        : this(path, sharedBlobDirectory: null)
    {
    }

    /// <summary>
    /// Opens (or, when first written to, creates) the layout at <paramref name="path"/>, whose blobs are in
    /// <paramref name="sharedBlobDirectory"/> when it is given.
    /// </summary>
    /// <param name="path">The layout directory.</param>
    /// <param name="sharedBlobDirectory">
    /// The directory that holds the blobs of this and other layouts, as <c>ALG/ENCODED</c>; <see langword="null"/> for
    /// the layout's own <c>blobs/</c>.
    /// </param>
    public OciLayout(string path, string? sharedBlobDirectory)
        : this(path, listUntagged: false, sharedBlobDirectory)
    {
    }

    // listUntagged: the destination of an "oci:PATH" reference without a tag. containers/image lists such an image in
    // index.json without a ref name; since the copy engine pushes an index's instances untagged before the index,
    // the instances this object listed are unlisted again when the index that refers to them is pushed.
    internal OciLayout(string path, bool listUntagged, string? sharedBlobDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (sharedBlobDirectory is { Length: 0 })
        {
            throw new ArgumentException("The shared blob directory is empty; pass null for the layout's own blobs/.", nameof(sharedBlobDirectory));
        }

        Path = path;
        SharedBlobDirectory = sharedBlobDirectory;
        _listUntagged = listUntagged;
        _reader = new OciLayoutReader(sharedBlobDirectory is null
            ? new DirectoryImageFiles(path)
            : new SharedBlobImageFiles(new DirectoryImageFiles(path), new DirectoryImageFiles(sharedBlobDirectory)));
        _writes = new UncommittedWrites(path);
    }

    /// <summary>Gets the layout directory.</summary>
    public string Path { get; }

    /// <summary>Gets the directory holding the blobs of this and other layouts, or <see langword="null"/> when they are in the layout's <c>blobs/</c>.</summary>
    public string? SharedBlobDirectory { get; }

    /// <summary>Gets or sets how long a write waits for another writer's lock on <c>index.json</c>; one minute by default.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <inheritdoc/>
    public Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default) =>
        _reader.ResolveAsync(reference, cancellationToken);

    /// <inheritdoc/>
    public Task<Manifest> FetchManifestAsync(string reference, CancellationToken cancellationToken = default) =>
        _reader.FetchManifestAsync(reference, cancellationToken);

    /// <inheritdoc/>
    public Task<BlobContent> FetchBlobAsync(Descriptor blob, long offset = 0, CancellationToken cancellationToken = default) =>
        _reader.FetchBlobAsync(blob, offset, cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<string> ListTagsAsync(CancellationToken cancellationToken = default) =>
        _reader.ListTagsAsync(cancellationToken);

    /// <inheritdoc/>
    public Task<bool> BlobExistsAsync(Descriptor blob, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        cancellationToken.ThrowIfCancellationRequested();
        var length = _reader.Files.GetLength(OciLayoutReader.BlobName(blob.Digest));
        return Task.FromResult(length is { } l && l == blob.Size);
    }

    /// <inheritdoc/>
    public async Task PushBlobAsync(Descriptor blob, PipeReader content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(content);
        var path = AddingBlob(blob.Digest);
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        await VerifiedBlobWriter.WriteAsync(blob, content.AsStream(leaveOpen: true), path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores a manifest's exact bytes as a blob and, under <paramref name="tag"/>, lists it in <c>index.json</c>.
    /// As containers/image does, an entry already carrying that tag loses the tag (it stays listed, so its blobs stay
    /// reachable) and an untagged entry of the same digest is replaced. Without a tag the manifest is stored by
    /// digest only (as the instances of an index are).
    /// </summary>
    /// <param name="manifest">The manifest.</param>
    /// <param name="tag">The tag, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The descriptor of the stored manifest.</returns>
    /// <exception cref="ArgumentException">The tag does not follow the OCI ref name grammar.</exception>
    public async Task<Descriptor> PushManifestAsync(Manifest manifest, string? tag = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (tag is not null && !OciRefName.IsValid(tag))
        {
            throw new ArgumentException($"\"{tag}\" is not a valid OCI layout tag (org.opencontainers.image.ref.name).", nameof(tag));
        }

        var blobPath = AddingBlob(manifest.Digest);
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(blobPath)!);
        if (!File.Exists(blobPath) || new FileInfo(blobPath).Length != manifest.Size)
        {
            await AtomicFile.WriteAllBytesAsync(blobPath, manifest.Content, cancellationToken).ConfigureAwait(false);
        }

        var descriptor = new Descriptor { MediaType = manifest.MediaType, Digest = manifest.Digest, Size = manifest.Size };
        if (tag is null && !_listUntagged)
        {
            // Stored by digest only: nothing will be listed, so the manifest written is the commit.
            _writes.Commit();
            return descriptor;
        }

        await UpdateIndexAsync(
            entries =>
            {
                EnsureBlobsPresent(manifest);
                if (manifest.Index is { } index)
                {
                    var instances = index.Manifests.Select(m => m.Digest).Where(_listedUntagged.Contains).ToHashSet();
                    entries.RemoveAll(e => OciRefName.Of(e) is null && instances.Contains(e.Digest));
                    _listedUntagged.ExceptWith(instances);
                }

                AddEntry(entries, descriptor, tag);
                if (tag is null)
                {
                    _listedUntagged.Add(manifest.Digest);
                }
            },
            cancellationToken).ConfigureAwait(false);
        return tag is null ? descriptor : descriptor with { Annotations = new Dictionary<string, string> { [OciRefName.Annotation] = tag } };
    }

    /// <summary>
    /// Releases the in-process lock. When nothing was listed in <c>index.json</c> since this object was created (the
    /// copy failed or was cancelled), takes back what it wrote: a layout directory it created goes whole; in a layout
    /// that was there, the blobs it added that no listed image references are deleted, so the layout is left as it was.
    /// </summary>
    public void Dispose()
    {
        RollBack();
        _indexGate.Dispose();
    }

    // containers/image's addManifest: strip the ref name from an entry that had it, replace an untagged entry of the same
    // digest, else append.
    internal static void AddEntry(List<Descriptor> entries, Descriptor descriptor, string? tag)
    {
        var entry = tag is null ? descriptor : descriptor with { Annotations = new Dictionary<string, string> { [OciRefName.Annotation] = tag } };
        if (tag is not null)
        {
            var previous = entries.FindIndex(e => OciRefName.Of(e) == tag);
            if (previous >= 0)
            {
                var annotations = entries[previous].Annotations!.Where(a => a.Key != OciRefName.Annotation).ToDictionary();
                entries[previous] = entries[previous] with { Annotations = annotations.Count == 0 ? null : annotations };
            }
        }

        var untagged = entries.FindIndex(e => e.Digest == descriptor.Digest && OciRefName.Of(e) is null);
        if (untagged >= 0)
        {
            entries[untagged] = entry;
        }
        else
        {
            entries.Add(entry);
        }
    }

    // An image is listed only when every blob it needs is there: a failed copy into the same layout, in this process or
    // another, deletes the blobs it added under the lock held here, and one of those may be a blob this copy found
    // present and did not transfer. The instances of an index are checked when they are stored here (an index copied
    // without its instances is listed as it is).
    private void EnsureBlobsPresent(Manifest manifest)
    {
        if (manifest.Image is { } image)
        {
            EnsureBlobsPresent(image, manifest.Digest);
            return;
        }

        foreach (var instance in manifest.Index?.Manifests ?? [])
        {
            if (MediaTypes.IsImageManifest(instance.MediaType)
                && RegularFile.TryReadAllBytes(BlobPath(instance.Digest), Manifest.DefaultMaxSize) is { } bytes
                && Manifest.Parse(bytes, instance.MediaType, instance.Digest).Image is { } instanceImage)
            {
                EnsureBlobsPresent(instanceImage, instance.Digest);
            }
        }
    }

    private void EnsureBlobsPresent(ImageManifest image, Digest manifest)
    {
        foreach (var blob in image.Layers.Prepend(image.Config))
        {
            if (blob.Urls is not { Count: > 0 } && _reader.Files.GetLength(OciLayoutReader.BlobName(blob.Digest)) != blob.Size)
            {
                throw new BlobNotFoundException(
                    $"The blob {blob.Digest} of the manifest {manifest} is not in the OCI layout \"{Path}\", which lists an image only with all its blobs (a copy into the same layout that failed at the same time may have removed it: copy again).");
            }
        }
    }

    private void RollBack()
    {
        if (!_writes.HasWritten || !System.IO.Directory.Exists(_writes.Root))
        {
            return;
        }

        // Under the layout lock, so that no writer lists an image between the look at index.json and the deletions;
        // when the lock cannot be had, everything stays (unreferenced blobs are harmless, a missing one is not).
        using var fileLock = LayoutLock.TryAcquire(Path, LockTimeout);
        if (fileLock is null)
        {
            return;
        }

        var indexExists = File.Exists(System.IO.Path.Combine(Path, "index.json"));
        if (_writes.CreatedDirectory is not null)
        {
            if (!indexExists)
            {
                _writes.DeleteCreatedDirectory();
            }

            return;
        }

        var referenced = indexExists ? ReferencedDigests() : [];
        if (referenced is null)
        {
            return;
        }

        foreach (var file in _writes.AddedFiles)
        {
            // A blob stays when a listed image references it; oci-layout stays once the layout lists anything.
            var keep = IsBlob(file)
                ? referenced.Contains($"{System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(file))}:{System.IO.Path.GetFileName(file)}")
                : indexExists;
            if (!keep)
            {
                AtomicFile.TryDelete(file);
            }
        }

        _writes.DeleteEmptyAddedDirectories();
    }

    private bool IsBlob(string file) =>
        System.IO.Path.GetDirectoryName(System.IO.Path.GetDirectoryName(file)) == System.IO.Path.Combine(_writes.Root, "blobs");

    // Every digest reachable from index.json: its entries, their configs and layers, the instances of indexes.
    // Null when something cannot be read: then nothing may be deleted.
    private HashSet<string>? ReferencedDigests()
    {
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var indexBytes = RegularFile.TryReadAllBytes(System.IO.Path.Combine(Path, "index.json"), OciLayoutReader.MaxIndexSize);
            if (indexBytes is null)
            {
                return referenced;
            }

            var pending = new Queue<Descriptor>(Manifest.Parse(indexBytes, MediaTypes.OciIndex, null, OciLayoutReader.MaxIndexSize).Index?.Manifests ?? []);
            while (pending.TryDequeue(out var descriptor))
            {
                if (!referenced.Add(descriptor.Digest.ToString())
                    || !(MediaTypes.IsImageManifest(descriptor.MediaType) || MediaTypes.IsIndex(descriptor.MediaType))
                    || RegularFile.TryReadAllBytes(BlobPath(descriptor.Digest), Manifest.DefaultMaxSize) is not { } bytes)
                {
                    continue;
                }

                var manifest = Manifest.Parse(bytes, descriptor.MediaType, descriptor.Digest);
                foreach (var child in manifest.Index?.Manifests ?? [])
                {
                    pending.Enqueue(child);
                }

                if (manifest.Image is { } image)
                {
                    referenced.UnionWith(image.Layers.Prepend(image.Config).Select(b => b.Digest.ToString()));
                }
            }

            return referenced;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OciRegistryException)
        {
            return null;
        }
    }

    private string BlobPath(Digest digest) => SharedBlobDirectory is { } shared
        ? System.IO.Path.Combine(shared, digest.Algorithm, digest.Encoded)
        : System.IO.Path.Combine(Path, "blobs", digest.Algorithm, digest.Encoded);

    // A blob in the layout is taken back by a roll-back; one in the shared directory is not (another layout may use it),
    // but whether the layout directory itself is created by this copy is noted all the same.
    private string AddingBlob(Digest digest)
    {
        var path = BlobPath(digest);
        if (SharedBlobDirectory is null)
        {
            return _writes.Adding(path);
        }

        _writes.Starting();
        return path;
    }

    private async Task UpdateIndexAsync(Action<List<Descriptor>> update, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Path);
        await _indexGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var fileLock = await LayoutLock.AcquireAsync(Path, LockTimeout, cancellationToken).ConfigureAwait(false);
            var layoutFile = System.IO.Path.Combine(Path, "oci-layout");
            if (!RegularFile.ExistsAsRegular(layoutFile))
            {
                _writes.Adding(layoutFile);
                await AtomicFile.WriteAllBytesAsync(layoutFile, LayoutFileContent, cancellationToken).ConfigureAwait(false);
            }

            var indexPath = System.IO.Path.Combine(Path, "index.json");
            var index = RegularFile.ExistsAsRegular(indexPath)
                ? await _reader.ReadIndexAsync(cancellationToken).ConfigureAwait(false)
                : new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = [] };
            var entries = index.Manifests.ToList();
            update(entries);
            var updated = Manifest.Create(index with { Manifests = entries });
            if (SharedBlobDirectory is not null)
            {
                // The image-spec requires blobs/ in every layout, even when it stays empty.
                System.IO.Directory.CreateDirectory(System.IO.Path.Combine(Path, "blobs"));
            }

            await AtomicFile.WriteAllBytesAsync(indexPath, updated.Content, cancellationToken).ConfigureAwait(false);
            _writes.Commit();
        }
        finally
        {
            _indexGate.Release();
        }
    }
}
