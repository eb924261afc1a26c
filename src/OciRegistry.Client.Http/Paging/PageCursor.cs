using Microsoft.Extensions.Logging;

namespace OciRegistry.Client.Http.Paging;

/// <summary>
/// Walks the pages of one listing by their <c>Link: &lt;…&gt;; rel="next"</c> headers, and bounds the walk. A next
/// link is resolved against the URI of the request that returned it (it may be relative or absolute). One that
/// leaves the registry's origin keeps only its path and query, applied to the registry's own base address, as
/// containers/image does, so a registry cannot send the client's credentials elsewhere. A link already visited, or
/// more than <see cref="MaxPages"/> pages, stops the listing with an error instead of looping forever.
/// </summary>
internal sealed class PageCursor
{
    /// <summary>The most pages one listing follows: 10 million entries at the largest page size.</summary>
    public const int MaxPages = 10_000;

    private readonly HashSet<string> _visited = new(StringComparer.Ordinal);
    private readonly Uri _baseAddress;
    private readonly string _registry;
    private readonly string _listing;
    private readonly ILogger _logger;

    /// <param name="first">The first page's URI.</param>
    /// <param name="baseAddress">The registry API's base address (scheme, host and port that links must keep).</param>
    /// <param name="registry">The registry, for messages.</param>
    /// <param name="listing">What is listed, for messages, for example <c>the tags of docker.io/library/nginx</c>.</param>
    /// <param name="logger">Where a rewritten link is reported.</param>
    public PageCursor(Uri first, Uri baseAddress, string registry, string listing, ILogger logger)
    {
        _baseAddress = baseAddress;
        _registry = registry;
        _listing = listing;
        _logger = logger;
        _visited.Add(first.AbsoluteUri);
        Next = first;
    }

    /// <summary>Gets the URI of the next page to fetch, or <see langword="null"/> when the listing is complete.</summary>
    public Uri? Next { get; private set; }

    /// <summary>Gets how many pages were read.</summary>
    public int Pages { get; private set; }

    /// <summary>Records a page that was read and sets <see cref="Next"/> from its <c>Link</c> headers.</summary>
    /// <param name="response">The page's response.</param>
    /// <param name="requested">The URI the page was requested from, which relative links are resolved against.</param>
    /// <exception cref="OciRegistryException">The link is unusable, was already visited, or the page bound is reached.</exception>
    public void Advance(HttpResponseMessage response, Uri requested)
    {
        Pages++;
        Next = null;
        if (!response.Headers.TryGetValues("Link", out var values) || LinkHeader.FindNext(values) is not { } target)
        {
            // No next link: the listing is complete. No `last=` page is guessed, as in containers/image.
            return;
        }

        if (!Uri.TryCreate(requested, target, out var next) || next.Scheme is not ("http" or "https"))
        {
            throw new OciRegistryException(
                $"Registry {_registry} sent a next-page link that is not an http(s) URI while listing {_listing} (after page {Pages}).");
        }

        if (!SameOrigin(next, _baseAddress))
        {
            RegistryLog.NextLinkRewritten(_logger, _registry, next.IdnHost, _listing);
            next = new Uri(_baseAddress, next.PathAndQuery);
        }

        if (!_visited.Add(next.AbsoluteUri))
        {
            throw new OciRegistryException(
                $"Registry {_registry} sent a next-page link ({next.AbsolutePath}) that was already followed while listing {_listing} " +
                $"(after page {Pages}); the listing was stopped because following it would repeat pages forever.");
        }

        if (Pages >= MaxPages)
        {
            throw new OciRegistryException(
                $"Registry {_registry} still sent a next-page link after {MaxPages} pages while listing {_listing}; the listing was stopped. " +
                "Ask for a larger page size if the list really is that long.");
        }

        Next = next;
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;
}
