#pragma warning disable IDE0130 // A public result type lives in the package's namespace beside the methods that return it.
namespace OciRegistry.Client.Http;
#pragma warning restore IDE0130

/// <summary>
/// One page of a tag list or catalog, as the registry sent it, with the token that continues the listing after it
/// (<see cref="RegistryRepository.ListTagPagesAsync"/>, <see cref="OciRegistryClient.ListCatalogPagesAsync"/>), as
/// the Azure SDK's <c>AsPages</c> gives pages with continuation tokens.
/// </summary>
public sealed class ListingPage
{
    /// <summary>Creates a page.</summary>
    /// <param name="names">The tags or repository names of the page.</param>
    /// <param name="continuationToken">The token that resumes after the page; <see langword="null"/> on the last page.</param>
    public ListingPage(IReadOnlyList<string> names, string? continuationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        Names = names;
        ContinuationToken = continuationToken;
    }

    /// <summary>Gets the tags or repository names of this page, in the registry's order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>
    /// Gets where the next page starts (the path and query of the registry's next link); pass it to the same listing
    /// method to resume there, in this process or a later one. <see langword="null"/> on the last page.
    /// </summary>
    public string? ContinuationToken { get; }
}
