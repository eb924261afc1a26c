using System.Collections.Concurrent;

namespace OciRegistry.Client.Sync.Engine;

/// <summary>
/// What one sync knows about blobs at its registry destinations: which digests are present in which repository,
/// and which are being checked or sent by one image right now, so other images wait for that instead of sending the
/// same bytes again. A blob shared by many images of a run is therefore transferred once, then found present (same
/// repository) or mounted (another repository of the same registry).
/// </summary>
internal sealed class BlobLedger
{
    // Keyed by the destination's own registry and repository strings (held by the work list anyway), not a string
    // built per call: an entry per blob of the run is all the ledger keeps.
    private readonly ConcurrentDictionary<(string Registry, string Repository, Digest Digest), Claim> _claims = new();
    private readonly ConcurrentDictionary<(string Registry, Digest Digest), string> _anyRepository = new();

    public BlobLedger(int maxConcurrentBlobs) => Transfers = new SemaphoreSlim(maxConcurrentBlobs, maxConcurrentBlobs);

    /// <summary>The run-wide bound on blob uploads in flight.</summary>
    public SemaphoreSlim Transfers { get; }

    /// <summary>Returns the claim on a blob in a repository: a new one owned by <paramref name="owner"/>, or the one already there.</summary>
    public Claim ClaimOrGet(string registry, string repository, Digest digest, object owner) =>
        _claims.GetOrAdd((registry, repository, digest), static (_, o) => new Claim(o), owner);

    /// <summary>Marks a claimed blob present: every image waiting for it goes on as if it had found it.</summary>
    public void Present(string registry, string repository, Digest digest, Claim claim)
    {
        _anyRepository.TryAdd((registry, digest), repository);
        claim.Complete(true);

        // Its waiters hold the claim itself; the ledger needs only "present" from now on, which one shared claim says.
        _claims.TryUpdate((registry, repository, digest), Claim.Present, claim);
    }

    /// <summary>Gives up a claim its owner did not complete; waiters check for themselves.</summary>
    public void Release(string registry, string repository, Digest digest, Claim claim)
    {
        if (claim.Complete(false))
        {
            _claims.TryRemove(new KeyValuePair<(string, string, Digest), Claim>((registry, repository, digest), claim));
        }
    }

    /// <summary>Finds another repository of the registry that received or had the blob in this run.</summary>
    public string? RepositoryHolding(string registry, Digest digest) =>
        _anyRepository.TryGetValue((registry, digest), out var repository) ? repository : null;

    /// <summary>A claim on one blob in one repository, held by the image that checks and sends it.</summary>
    internal sealed class Claim(object owner)
    {
        /// <summary>A blob found or made present: owned by no image, done, present.</summary>
        public static readonly Claim Present = Completed();

        private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public object Owner { get; } = owner;

        public Task<bool> Done => _done.Task;

        public bool Complete(bool present) => _done.TrySetResult(present);

        private static Claim Completed()
        {
            var claim = new Claim(new object());
            claim.Complete(true);
            return claim;
        }
    }
}
