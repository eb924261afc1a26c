using OciRegistry.Client.Sync.Engine;

namespace OciRegistry.Client.Sync.Tests.Engine;

/// <summary>The run's blob ledger: one image checks or sends a blob, the others wait for it, and a present blob stays known.</summary>
public sealed class BlobLedgerTests
{
    private static readonly Digest Blob = Digest.Parse("sha256:" + new string('a', 64));
    private readonly BlobLedger _ledger = new(maxConcurrentBlobs: 2);
    private readonly object _first = new();
    private readonly object _second = new();

    [Fact]
    public void The_first_image_to_ask_owns_the_blob_and_the_next_gets_the_same_claim()
    {
        var owned = _ledger.ClaimOrGet("mirror.test", "team/app", Blob, _first);
        var seen = _ledger.ClaimOrGet("mirror.test", "team/app", Blob, _second);

        Assert.Same(_first, owned.Owner);
        Assert.Same(owned, seen);
        Assert.False(seen.Done.IsCompleted);
    }

    [Fact]
    public async Task A_blob_made_present_releases_its_waiters_and_is_present_for_every_later_image()
    {
        var owned = _ledger.ClaimOrGet("mirror.test", "team/app", Blob, _first);
        var waiting = _ledger.ClaimOrGet("mirror.test", "team/app", Blob, _second).Done;

        _ledger.Present("mirror.test", "team/app", Blob, owned);
        var later = _ledger.ClaimOrGet("mirror.test", "team/app", Blob, _second);

        Assert.True(await waiting);
        Assert.NotSame(_second, later.Owner);
        Assert.True(later.Done.IsCompletedSuccessfully);
        Assert.True(await later.Done);
        Assert.Equal("team/app", _ledger.RepositoryHolding("mirror.test", Blob));
    }

    [Fact]
    public async Task Present_blobs_of_many_images_share_one_completed_claim()
    {
        var digests = Enumerable.Range(0, 3).Select(i => Digest.Parse("sha256:" + new string((char)('b' + i), 64))).ToArray();
        foreach (var digest in digests)
        {
            _ledger.Present("mirror.test", "team/app", digest, _ledger.ClaimOrGet("mirror.test", "team/app", digest, _first));
        }

        var after = digests.Select(d => _ledger.ClaimOrGet("mirror.test", "team/app", d, _second)).Distinct().ToArray();

        Assert.Single(after);
        Assert.True(after[0].Done.IsCompletedSuccessfully);
        Assert.True(await after[0].Done);
    }

    [Fact]
    public async Task A_released_claim_tells_its_waiters_to_check_and_lets_the_next_image_own_the_blob()
    {
        var owned = _ledger.ClaimOrGet("mirror.test", "team/app", Blob, _first);
        var waiting = _ledger.ClaimOrGet("mirror.test", "team/app", Blob, _second).Done;

        _ledger.Release("mirror.test", "team/app", Blob, owned);
        var next = _ledger.ClaimOrGet("mirror.test", "team/app", Blob, _second);

        Assert.False(await waiting);
        Assert.Same(_second, next.Owner);
        Assert.Null(_ledger.RepositoryHolding("mirror.test", Blob));
    }

    [Fact]
    public void The_same_digest_in_another_repository_or_registry_is_claimed_apart()
    {
        var here = _ledger.ClaimOrGet("mirror.test", "team/app", Blob, _first);

        Assert.NotSame(here, _ledger.ClaimOrGet("mirror.test", "team/other", Blob, _second));
        Assert.NotSame(here, _ledger.ClaimOrGet("other.test", "team/app", Blob, _second));
    }
}
