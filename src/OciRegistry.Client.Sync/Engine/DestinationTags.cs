using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OciRegistry.Client.Http;
using OciRegistry.Client.Sync.Planning;

namespace OciRegistry.Client.Sync.Engine;

/// <summary>
/// The tags each registry destination repository of a sync had when the sync first asked, listed once per repository
/// that receives at least <see cref="MinimumImages"/> tagged images. It only ever answers "this tag is absent": a
/// listed tag is still looked up with a HEAD and compared by digest, so change detection stays HEAD-based; an absent
/// tag saves that HEAD and the source's (the image is copied whatever it is). A listing that fails for any reason but
/// a missing repository (which has no tags) is forgotten, and every image of that repository is looked up by HEAD.
/// </summary>
/// <remarks>
/// A tag pushed by someone else after the listing is overwritten with the source's image, as a sync would do anyway;
/// a tag removed after the listing fails its HEAD and is copied. A repository with more than
/// <see cref="MaxTagsPerImage"/> tags per image synced into it is not used: with pages of 100 tags or more, reading
/// it would cost more requests than the HEADs it saves.
/// </remarks>
internal sealed class DestinationTags
{
    /// <summary>Below this many tagged images per repository, one HEAD each costs no more than the listing.</summary>
    internal const int MinimumImages = 2;

    /// <summary>The most tags per image synced into a repository for which its listing is used.</summary>
    internal const int MaxTagsPerImage = 100;

    private readonly OciRegistryClient _client;
    private readonly Dictionary<string, int> _listed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<HashSet<string>?>>> _tags = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private readonly CancellationToken _runCancellation;

    /// <summary>
    /// Prepares the listings of the repositories that receive enough tagged images of <paramref name="items"/>, or any
    /// image <paramref name="listAnyway"/> names (a tag trusted once listed); none is sent yet.
    /// </summary>
    public DestinationTags(OciRegistryClient client, IReadOnlyList<SyncWorkItem> items, Func<SyncWorkItem, bool> listAnyway, ILogger logger, CancellationToken runCancellation)
    {
        _client = client;
        _logger = logger;
        _runCancellation = runCancellation;
        foreach (var group in items.Where(i => i.To.Transport == ImageTransport.Registry && i.To.DestinationTag is not null).GroupBy(i => Key(i.To.RegistryReference!), StringComparer.Ordinal))
        {
            var count = 0;
            var anyway = false;
            foreach (var item in group)
            {
                count++;
                anyway |= listAnyway(item);
            }

            if (count >= MinimumImages || anyway)
            {
                _listed.Add(group.Key, count);
            }
        }
    }

    /// <summary>
    /// Whether the image's destination repository is known not to have its tag; lists the repository the first time
    /// one of its images asks. <see langword="false"/> when unknown (not listed, or the listing failed).
    /// </summary>
    public async Task<bool> LacksAsync(SyncWorkItem item, CancellationToken cancellationToken) =>
        await ListingAsync(item, cancellationToken).ConfigureAwait(false) is { } tags && !tags.Contains(item.To.DestinationTag!);

    /// <summary>Whether the image's destination repository is known to list its tag; <see langword="false"/> when unknown.</summary>
    public async Task<bool> ListsAsync(SyncWorkItem item, CancellationToken cancellationToken) =>
        await ListingAsync(item, cancellationToken).ConfigureAwait(false) is { } tags && tags.Contains(item.To.DestinationTag!);

    private async Task<HashSet<string>?> ListingAsync(SyncWorkItem item, CancellationToken cancellationToken)
    {
        if (item.To.RegistryReference is not { } image || item.To.DestinationTag is null || !_listed.TryGetValue(Key(image), out var images))
        {
            return null;
        }

        var listing = _tags.GetOrAdd(Key(image), _ => new Lazy<Task<HashSet<string>?>>(() => ListAsync(image, images * MaxTagsPerImage)));
        return await listing.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Key(ImageReference image) => image.Registry + "/" + image.Repository;

    // Runs on the run's token, not one image's: every image of the repository waits for the same listing.
    private async Task<HashSet<string>?> ListAsync(ImageReference image, int maxTags)
    {
        var repository = _client.GetRepository(image, RepositoryAccess.PullPush);
        var tags = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (var tag in repository.ListTagsAsync(_runCancellation).ConfigureAwait(false))
            {
                if (tags.Add(tag) && tags.Count > maxTags)
                {
                    SyncLog.DestinationTooLarge(_logger, repository.Name, maxTags);
                    return null;
                }
            }
        }
        catch (RepositoryNotFoundException)
        {
            tags.Clear();
        }
        catch (Exception e) when (e is OciRegistryException or HttpRequestException && !_runCancellation.IsCancellationRequested)
        {
            SyncLog.DestinationNotListed(_logger, repository.Name, e);
            return null;
        }

        SyncLog.DestinationListed(_logger, repository.Name, tags.Count);
        return tags;
    }
}
