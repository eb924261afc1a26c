using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using OciRegistry.Client.Content;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Tests.Support;

/// <summary>
/// An image store in memory, source and destination at once, that behaves like a registry where the engine can see it:
/// it verifies size and digest of pushed blobs, refuses a manifest whose blobs (or, for an index, whose instances)
/// are missing, mounts from other stores of the same <see cref="InMemoryRegistry"/>, and records every operation in
/// order. Faults are injected through the hooks.
/// </summary>
public sealed class InMemoryImageStore : IImageSource, IImageDestination, IBlobMounter
{
    private readonly ConcurrentDictionary<Digest, byte[]> _blobs = new();
    private readonly ConcurrentDictionary<Digest, Manifest> _manifests = new();
    private readonly ConcurrentDictionary<string, Digest> _tags = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Digest, int> _fetchAttempts = new();
    private readonly ConcurrentDictionary<Digest, int> _manifestPushAttempts = new();
    private readonly ConcurrentDictionary<Digest, int> _pushAttempts = new();
    private readonly List<StoreOperation> _operations = [];
    private readonly InMemoryRegistry? _registry;
    private int _activePushes;
    private int _maxActivePushes;

    public InMemoryImageStore(string repository = "repo", InMemoryRegistry? registry = null)
    {
        Repository = repository;
        _registry = registry;
        registry?.Add(this);
    }

    public string Registry => _registry?.Name ?? "memory";

    public string Repository { get; }

    /// <summary>Gets the store as a repository of its registry, which mounts from the registry's other stores itself.</summary>
    public ImageStoreDescription Description => ImageStoreDescription.ForRegistryRepository(Registry, Repository, this);

    /// <summary>Gets or sets a value indicating whether an index is refused while an instance it lists is missing (as Distribution does).</summary>
    public bool RequireIndexChildren { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether blobs can be opened at an offset; when not, such a fetch throws <see cref="NotSupportedException"/>.</summary>
    public bool SupportsOffset { get; set; } = true;

    /// <summary>Wraps the stream a blob fetch returns: (blob, offset, attempt from 1, stream) → stream.</summary>
    public Func<Descriptor, long, int, Stream, Stream>? FetchFault { get; set; }

    /// <summary>Runs before a blob push reads its content: (blob, attempt from 1); may throw or wait.</summary>
    public Func<Descriptor, int, CancellationToken, Task>? PushFault { get; set; }

    /// <summary>Runs before a manifest push is accepted: (manifest, attempt from 1); may throw.</summary>
    public Action<Manifest, int>? ManifestPushFault { get; set; }

    /// <summary>Gets the most blob pushes that ran at once.</summary>
    public int MaxConcurrentPushes => Volatile.Read(ref _maxActivePushes);

    public IReadOnlyList<StoreOperation> Operations
    {
        get
        {
            lock (_operations)
            {
                return [.. _operations];
            }
        }
    }

    public IReadOnlyCollection<Digest> BlobDigests => [.. _blobs.Keys];

    public IReadOnlyCollection<Digest> ManifestDigests => [.. _manifests.Keys];

    public Descriptor AddBlob(byte[] content, string mediaType = "application/octet-stream")
    {
        var descriptor = Descriptor.FromContent(mediaType, content);
        _blobs[descriptor.Digest] = content;
        return descriptor;
    }

    /// <summary>Stores a blob under a digest that its bytes do not have (a corrupted source).</summary>
    public void AddCorruptBlob(Descriptor descriptor, byte[] content) => _blobs[descriptor.Digest] = content;

    public void AddManifest(Manifest manifest, string? tag = null)
    {
        _manifests[manifest.Digest] = manifest;
        if (tag is not null)
        {
            _tags[tag] = manifest.Digest;
        }
    }

    public bool HasBlob(Digest digest) => _blobs.ContainsKey(digest);

    public byte[] GetBlob(Digest digest) => _blobs[digest];

    public Manifest GetManifest(string reference) => Find(reference) ?? throw new ManifestNotFoundException($"No manifest {reference}.");

    public bool HasManifest(Digest digest) => _manifests.ContainsKey(digest);

    public Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default) =>
        Task.FromResult(GetManifest(reference).Descriptor);

    public Task<Manifest> FetchManifestAsync(string reference, CancellationToken cancellationToken = default)
    {
        Record(StoreOperationKind.FetchManifest, reference);
        return Task.FromResult(GetManifest(reference));
    }

    public async Task<BlobContent> FetchBlobAsync(Descriptor blob, long offset = 0, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        Record(StoreOperationKind.FetchBlob, blob.Digest.ToString(), offset);
        if (!_blobs.TryGetValue(blob.Digest, out var bytes))
        {
            throw new BlobNotFoundException($"No blob {blob.Digest}.");
        }

        if (offset > 0 && !SupportsOffset)
        {
            throw new NotSupportedException("This store cannot open blobs at an offset.");
        }

        var attempt = _fetchAttempts.AddOrUpdate(blob.Digest, 1, (_, n) => n + 1);
        Stream stream = new MemoryStream(bytes, (int)offset, bytes.Length - (int)offset, writable: false);
        if (FetchFault is not null)
        {
            stream = FetchFault(blob, offset, attempt, stream);
        }

        return new BlobContent(stream, bytes.Length, offset);
    }

    public Task<bool> BlobExistsAsync(Descriptor blob, CancellationToken cancellationToken = default)
    {
        Record(StoreOperationKind.BlobExists, blob.Digest.ToString());
        return Task.FromResult(_blobs.ContainsKey(blob.Digest));
    }

    public async Task PushBlobAsync(Descriptor blob, PipeReader content, CancellationToken cancellationToken = default)
    {
        var active = Interlocked.Increment(ref _activePushes);
        try
        {
            int max;
            while (active > (max = Volatile.Read(ref _maxActivePushes)) && Interlocked.CompareExchange(ref _maxActivePushes, active, max) != max)
            {
            }

            Record(StoreOperationKind.PushBlobStarted, blob.Digest.ToString());
            var attempt = _pushAttempts.AddOrUpdate(blob.Digest, 1, (_, n) => n + 1);
            if (PushFault is not null)
            {
                await PushFault(blob, attempt, cancellationToken);
            }

            using var buffer = new MemoryStream();
            await content.CopyToAsync(buffer, cancellationToken);
            var bytes = buffer.ToArray();
            var actual = Digest.Compute(bytes, blob.Digest.Algorithm);
            if (bytes.LongLength != blob.Size || actual != blob.Digest)
            {
                Record(StoreOperationKind.PushBlobRejected, blob.Digest.ToString());
                throw new DigestMismatchException(blob.Digest, actual, blob.Size, bytes.LongLength);
            }

            _blobs[blob.Digest] = bytes;
            Record(StoreOperationKind.PushBlob, blob.Digest.ToString());
        }
        finally
        {
            Interlocked.Decrement(ref _activePushes);
        }
    }

    public Task<bool> TryMountBlobAsync(Descriptor blob, string sourceRepository, CancellationToken cancellationToken = default)
    {
        Record(StoreOperationKind.Mount, blob.Digest.ToString());
        if (_registry?.Find(sourceRepository) is { } source && source._blobs.TryGetValue(blob.Digest, out var bytes))
        {
            _blobs[blob.Digest] = bytes;
            return Task.FromResult(true);
        }

        return Task.FromResult(false);
    }

    public Task<Descriptor> PushManifestAsync(Manifest manifest, string? tag = null, CancellationToken cancellationToken = default)
    {
        ManifestPushFault?.Invoke(manifest, _manifestPushAttempts.AddOrUpdate(manifest.Digest, 1, (_, n) => n + 1));
        var missing = manifest.Kind switch
        {
            // As a registry does, a foreign / non-distributable layer with URLs need not be present.
            ManifestKind.Image => manifest.References
                .Where(r => !_blobs.ContainsKey(r.Digest) && !(MediaTypes.IsNonDistributable(r.MediaType) && r.Urls is { Count: > 0 }))
                .Select(r => r.Digest).ToArray(),
            ManifestKind.Index when RequireIndexChildren => manifest.References.Where(r => !_manifests.ContainsKey(r.Digest)).Select(r => r.Digest).ToArray(),
            _ => [],
        };
        if (missing.Length > 0)
        {
            throw new OciRegistryException(
                $"Manifest {manifest.Digest} references missing content: {string.Join(", ", missing)}",
                new RegistryErrorDetails(RegistryOperation.PushManifest, Repository, HttpStatusCode.BadRequest));
        }

        AddManifest(manifest, tag);
        Record(StoreOperationKind.PushManifest, manifest.Digest.ToString(), tag: tag);
        return Task.FromResult(manifest.Descriptor);
    }

    private Manifest? Find(string reference)
    {
        if (Digest.TryParse(reference, out var digest))
        {
            return _manifests.GetValueOrDefault(digest);
        }

        return _tags.TryGetValue(reference, out var tagged) ? _manifests.GetValueOrDefault(tagged) : null;
    }

    private void Record(StoreOperationKind kind, string subject, long offset = 0, string? tag = null)
    {
        lock (_operations)
        {
            _operations.Add(new StoreOperation(kind, subject, offset, tag));
        }
    }
}

public enum StoreOperationKind
{
    FetchManifest,
    FetchBlob,
    BlobExists,
    PushBlobStarted,
    PushBlob,
    PushBlobRejected,
    Mount,
    PushManifest,
}

public sealed record StoreOperation(StoreOperationKind Kind, string Subject, long Offset, string? Tag);

/// <summary>Stores that are repositories of one registry, so that they can mount blobs from each other.</summary>
public sealed class InMemoryRegistry(string name = "memory.example")
{
    private readonly ConcurrentDictionary<string, InMemoryImageStore> _repositories = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    internal void Add(InMemoryImageStore store) => _repositories[store.Repository] = store;

    internal InMemoryImageStore? Find(string repository) => _repositories.GetValueOrDefault(repository);
}
