using System.Collections.Concurrent;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using OciRegistry.Client.Content;
using OciRegistry.Client.Http;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Sync.Engine;

/// <summary>
/// The registry destination of one image's copy, as the copy engine sees it: the repository, with its blob checks
/// and uploads going through the run's <see cref="BlobLedger"/> (dedupe across images, a mount from another
/// repository that got the blob in this run) and uploads under the run-wide bound. Its
/// <see cref="ImageStoreDescription"/> is the repository's, with itself as the mounter, so the engine still mounts
/// from the source repository of the same registry and the ledger learns of it; uploads pass the engine's pipe on to
/// the repository. Dispose it when the image's copy ends: claims it did not complete are released.
/// </summary>
/// <remarks>
/// When the destination has no manifest under the image's tag or digest (<see cref="ManifestAbsent"/>), a blob of at most
/// <see cref="UncheckedBlobLimit"/> bytes that no other image of the run holds is reported absent without a HEAD, so
/// the engine sends it. Such an image's configuration is as good as certainly missing (its digest covers the layers'
/// digests and the build history), and so is a small layer more often than not; sending up to 256 KiB costs about one
/// round trip, what the HEAD would. The upload verifies size and digest as any other, so nothing is pushed on an
/// unverified blob; the worst case, a small blob the destination had after all, costs one redundant upload of it.
/// Larger blobs are always asked about first: a shared base layer is worth a HEAD.
/// </remarks>
internal sealed class LedgeredDestination(RegistryRepository repository, BlobLedger ledger, ILogger logger)
    : IImageDestination, IBlobMounter, IDisposable
{
    private readonly ConcurrentDictionary<Digest, BlobLedger.Claim> _owned = new();
    private ImageStoreDescription? _description;

    public ImageStoreDescription Description =>
        _description ??= ImageStoreDescription.ForRegistryRepository(repository.Registry, repository.Repository, this);

    public string Registry => repository.Registry;

    public string Repository => repository.Repository;

    /// <summary>Gets whether the destination is known to have no manifest under the image's tag or digest; see the remarks.</summary>
    public bool ManifestAbsent { get; init; }

    /// <summary>The largest blob sent without asking whether the destination has it, when the image is absent there.</summary>
    internal const long UncheckedBlobLimit = 256 * 1024;

    public async Task<bool> BlobExistsAsync(Descriptor blob, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var claim = ledger.ClaimOrGet(Registry, Repository, blob.Digest, this);
            if (!ReferenceEquals(claim.Owner, this))
            {
                if (await claim.Done.WaitAsync(cancellationToken).ConfigureAwait(false))
                {
                    return true;
                }

                continue; // its owner gave up; claim it for this image
            }

            if (claim.Done.IsCompletedSuccessfully && claim.Done.Result)
            {
                return true;
            }

            _owned.TryAdd(blob.Digest, claim);
            if (ledger.RepositoryHolding(Registry, blob.Digest) is { } other
                && !string.Equals(other, Repository, StringComparison.Ordinal)
                && await repository.TryMountBlobAsync(blob, other, cancellationToken).ConfigureAwait(false))
            {
                SyncLog.BlobMountedFromRun(logger, blob.Digest, other);
                Present(blob.Digest, claim);
                return true;
            }

            if (ManifestAbsent && blob.Size is >= 0 and <= UncheckedBlobLimit)
            {
                return false;
            }

            if (await repository.BlobExistsAsync(blob, cancellationToken).ConfigureAwait(false))
            {
                Present(blob.Digest, claim);
                return true;
            }

            return false;
        }
    }

    public async Task<bool> TryMountBlobAsync(Descriptor blob, string sourceRepository, CancellationToken cancellationToken = default)
    {
        if (!await repository.TryMountBlobAsync(blob, sourceRepository, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (_owned.TryGetValue(blob.Digest, out var claim))
        {
            Present(blob.Digest, claim);
        }

        return true;
    }

    public async Task PushBlobAsync(Descriptor blob, PipeReader content, CancellationToken cancellationToken = default)
    {
        await ledger.Transfers.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await repository.PushBlobAsync(blob, content, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ledger.Transfers.Release();
        }

        if (_owned.TryGetValue(blob.Digest, out var claim))
        {
            Present(blob.Digest, claim);
        }
    }

    public Task<Descriptor> PushManifestAsync(Manifest manifest, string? tag = null, CancellationToken cancellationToken = default) =>
        repository.PushManifestAsync(manifest, tag, cancellationToken);

    public void Dispose()
    {
        foreach (var (digest, claim) in _owned)
        {
            ledger.Release(Registry, Repository, digest, claim);
        }
    }

    private void Present(Digest digest, BlobLedger.Claim claim)
    {
        ledger.Present(Registry, Repository, digest, claim);
        _owned.TryRemove(digest, out _);
    }
}
