using OciRegistry.Client.Auth;
using OciRegistry.Client.Http.Paging;
using OciRegistry.Client.Http.Serialization;

namespace OciRegistry.Client.Http;

public partial class OciRegistryClient
{
    /// <summary>
    /// Lists the repositories of a registry (<c>GET /v2/_catalog?n=</c>), fetching further pages as the caller
    /// iterates by following the registry's <c>Link: &lt;…&gt;; rel="next"</c> headers (absolute or relative).
    /// </summary>
    /// <remarks>
    /// Many public registries (Docker Hub, GHCR) do not offer the catalog, or only to some accounts. Without a next
    /// link the listing ends; no <c>last=</c> page is guessed. A next link already followed, or more than 10,000
    /// pages, stops the listing with an <see cref="OciRegistryException"/>.
    /// </remarks>
    /// <param name="registry">The registry, as written in image references (for example <c>localhost:5000</c>).</param>
    /// <param name="pageSize">Repositories per page, 1 to 1000 (<c>n</c>); <see langword="null"/> lets the registry choose.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The repository names (paths without the registry), in the registry's order.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pageSize"/> is not between 1 and 1000.</exception>
    /// <exception cref="InvalidReferenceException"><paramref name="registry"/> is not a registry host name.</exception>
    /// <exception cref="OciRegistryException">The registry refused the listing or answered something unreadable.</exception>
    public virtual IAsyncEnumerable<string> ListCatalogAsync(string registry, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        PageSize.Validate(pageSize, nameof(pageSize));
        var connection = GetConnection(ParseRegistry(registry));
        var listing = $"the catalog of {connection.Registry}";
        return NameListing.ReadAsync(
            connection,
            $"v2/_catalog{PageSize.Query(pageSize)}",
            async (response, ct) =>
            {
                var page = await ListingBody.ReadAsync(response, HttpJsonContext.Default.CatalogPage, connection.Registry, listing, ct).ConfigureAwait(false);
                return page.Repositories ?? [];
            },
            RegistryOperation.ListCatalog,
            null,
            connection.Registry,
            listing,
            [RegistryAuthScope.Catalog],
            _logger,
            cancellationToken);
    }

    /// <summary>
    /// Lists the repositories of a registry page by page, each page with the token that resumes the listing after it
    /// (<see cref="ListingPage.ContinuationToken"/>); otherwise as <see cref="ListCatalogAsync"/>.
    /// </summary>
    /// <param name="registry">The registry, as written in image references (for example <c>localhost:5000</c>).</param>
    /// <param name="pageSize">Repositories per page, 1 to 1000 (<c>n</c>); <see langword="null"/> lets the registry choose.</param>
    /// <param name="continuationToken">A token a page of this listing returned, to start after it; <see langword="null"/> to start at the first page.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The pages, in the registry's order.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pageSize"/> is not between 1 and 1000.</exception>
    /// <exception cref="ArgumentException"><paramref name="continuationToken"/> does not continue a catalog listing.</exception>
    /// <exception cref="InvalidReferenceException"><paramref name="registry"/> is not a registry host name.</exception>
    /// <exception cref="OciRegistryException">The registry refused the listing or answered something unreadable.</exception>
    public virtual IAsyncEnumerable<ListingPage> ListCatalogPagesAsync(string registry, int? pageSize = null, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        PageSize.Validate(pageSize, nameof(pageSize));
        var connection = GetConnection(ParseRegistry(registry));
        var listing = $"the catalog of {connection.Registry}";
        return NameListing.ReadPagesAsync(
            connection,
            $"v2/_catalog{PageSize.Query(pageSize)}",
            continuationToken,
            async (response, ct) =>
            {
                var page = await ListingBody.ReadAsync(response, HttpJsonContext.Default.CatalogPage, connection.Registry, listing, ct).ConfigureAwait(false);
                return page.Repositories ?? [];
            },
            RegistryOperation.ListCatalog,
            null,
            connection.Registry,
            listing,
            [RegistryAuthScope.Catalog],
            _logger,
            cancellationToken);
    }
}
