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

    /// <summary>Opens (or, when first written to, creates) the layout at <paramref name="path"/>.</summary>
    /// <param name="path">The layout directory.</param>
    public OciLayout(string path)
        : this(path, listUntagged: false)
    {
    }

    // listUntagged: the destination of an "oci:PATH" reference without a tag. containers/image lists such an image in
    // index.json without a ref name; since the copy engine pushes an index's instances untagged before the index,
    // the instances this object listed are unlisted again when the index that refers to them is pushed.
    internal OciLayout(string path, bool listUntagged)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        _listUntagged = listUntagged;
        _reader = new OciLayoutReader(new DirectoryImageFiles(path));
    }

    /// <summary>Gets the layout directory.</summary>
    public string Path { get; }

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
        var path = BlobPath(blob.Digest);
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

        var blobPath = BlobPath(manifest.Digest);
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(blobPath)!);
        if (!File.Exists(blobPath) || new FileInfo(blobPath).Length != manifest.Size)
        {
            await AtomicFile.WriteAllBytesAsync(blobPath, manifest.Content, cancellationToken).ConfigureAwait(false);
        }

        var descriptor = new Descriptor { MediaType = manifest.MediaType, Digest = manifest.Digest, Size = manifest.Size };
        if (tag is null && !_listUntagged)
        {
            return descriptor;
        }

        await UpdateIndexAsync(
            entries =>
            {
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

    /// <summary>Releases the in-process lock.</summary>
    public void Dispose() => _indexGate.Dispose();

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

    private string BlobPath(Digest digest) =>
        System.IO.Path.Combine(Path, "blobs", digest.Algorithm, digest.Encoded);

    private async Task UpdateIndexAsync(Action<List<Descriptor>> update, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Path);
        await _indexGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var fileLock = await LayoutLock.AcquireAsync(Path, LockTimeout, cancellationToken).ConfigureAwait(false);
            var layoutFile = System.IO.Path.Combine(Path, "oci-layout");
            if (!File.Exists(layoutFile))
            {
                await AtomicFile.WriteAllBytesAsync(layoutFile, LayoutFileContent, cancellationToken).ConfigureAwait(false);
            }

            var indexPath = System.IO.Path.Combine(Path, "index.json");
            var index = File.Exists(indexPath)
                ? await _reader.ReadIndexAsync(cancellationToken).ConfigureAwait(false)
                : new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = [] };
            var entries = index.Manifests.ToList();
            update(entries);
            var updated = Manifest.Create(index with { Manifests = entries });
            await AtomicFile.WriteAllBytesAsync(indexPath, updated.Content, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _indexGate.Release();
        }
    }
}
