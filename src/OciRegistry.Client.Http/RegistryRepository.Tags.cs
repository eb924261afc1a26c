using OciRegistry.Client.Content;
using OciRegistry.Client.Http.Paging;
using OciRegistry.Client.Http.Serialization;

namespace OciRegistry.Client.Http;

public sealed partial class RegistryRepository : ITagLister
{
    /// <inheritdoc/>
    /// <remarks>The registry chooses the page size; see <see cref="ListTagsAsync(int?, CancellationToken)"/>.</remarks>
    public IAsyncEnumerable<string> ListTagsAsync(CancellationToken cancellationToken) =>
        ListTagsAsync(null, cancellationToken);

    /// <summary>
    /// Lists the repository's tags (<c>GET /v2/&lt;name&gt;/tags/list?n=</c>), fetching further pages as the caller
    /// iterates by following the registry's <c>Link: &lt;…&gt;; rel="next"</c> headers (absolute or relative).
    /// </summary>
    /// <remarks>
    /// Without a next link the listing ends, even when a page holds exactly <paramref name="pageSize"/> tags: no
    /// <c>last=</c> page is guessed (as in containers/image), because registries that ignore <c>n</c> and
    /// <c>last</c>, such as Distribution 2.8, would answer it with every tag again. A next link already followed, or
    /// more than 10,000 pages, stops the listing with an <see cref="OciRegistryException"/>. A repository opened for
    /// pulling lists the tags of the first of its mirrors that answers (read whole first), else of its primary location.
    /// </remarks>
    /// <param name="pageSize">Tags per page, 1 to 1000 (<c>n</c>); <see langword="null"/> lets the registry choose.
    /// Registries may send fewer, or ignore it.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The tags, in the registry's order (lexical, per the specification; not every registry sorts them).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pageSize"/> is not between 1 and 1000.</exception>
    /// <exception cref="RepositoryNotFoundException">The repository does not exist (<c>NAME_UNKNOWN</c>).</exception>
    /// <exception cref="OciRegistryException">The registry refused the listing or answered something unreadable.</exception>
    public IAsyncEnumerable<string> ListTagsAsync(int? pageSize = null, CancellationToken cancellationToken = default)
    {
        PageSize.Validate(pageSize, nameof(pageSize));
        return Mirrors.Count == 0 ? ListOwnTagsAsync(pageSize, cancellationToken) : ListTagsThroughMirrorsAsync(pageSize, cancellationToken);
    }

    // A mirror's listing is read whole before the first tag is given out, so a mirror that fails half-way falls
    // through to the next source instead of leaving the caller with half a list.
    private async IAsyncEnumerable<string> ListTagsThroughMirrorsAsync(int? pageSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (found, tags) = await FromMirrorsAsync(
            static async (m, size, c) =>
            {
                var all = new List<string>();
                await foreach (var tag in m.ListOwnTagsAsync(size, c).ConfigureAwait(false))
                {
                    all.Add(tag);
                }

                return all;
            },
            pageSize,
            null,
            "the tag list",
            cancellationToken).ConfigureAwait(false);
        var listing = found ? tags!.ToAsyncEnumerable() : ListOwnTagsAsync(pageSize, cancellationToken);
        await foreach (var tag in listing.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return tag;
        }
    }

    private IAsyncEnumerable<string> ListOwnTagsAsync(int? pageSize, CancellationToken cancellationToken)
    {
        var listing = $"the tags of {Name}";
        return NameListing.ReadAsync(
            _connection,
            $"v2/{Repository}/tags/list{PageSize.Query(pageSize)}",
            async (response, ct) =>
            {
                var page = await ListingBody.ReadAsync(response, HttpJsonContext.Default.TagList, Registry, $"the listing of {listing}", ct).ConfigureAwait(false);
                return page.Tags ?? [];
            },
            RegistryOperation.ListTags,
            Name,
            string.Empty,
            listing,
            PullScopes,
            _logger,
            cancellationToken);
    }
}
