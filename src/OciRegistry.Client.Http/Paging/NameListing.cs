using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using OciRegistry.Client.Auth;
using OciRegistry.Client.Http.Transport;

namespace OciRegistry.Client.Http.Paging;

/// <summary>
/// The loop shared by the tag list and the catalog: GET a page, fail on anything but 200, read its names, follow
/// its next link. Names are yielded page by page as the caller iterates.
/// </summary>
internal static class NameListing
{
    /// <param name="connection">The registry.</param>
    /// <param name="pathAndQuery">The first page, relative to the API's base address (already escaped).</param>
    /// <param name="readPage">Reads one page's names from its response.</param>
    /// <param name="operation">The operation, for errors.</param>
    /// <param name="repository">The repository whose tags are listed; <see langword="null"/> for the catalog.</param>
    /// <param name="subject">What is listed when it is not a repository (the registry, for the catalog), for errors.</param>
    /// <param name="listing">What is listed, in words, for messages.</param>
    /// <param name="scopes">The authorization scopes every page request declares.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    public static async IAsyncEnumerable<string> ReadAsync(
        RegistryConnection connection,
        string pathAndQuery,
        Func<HttpResponseMessage, CancellationToken, Task<IReadOnlyList<string>>> readPage,
        RegistryOperation operation,
        string? repository,
        string subject,
        string listing,
        IReadOnlyList<RegistryAuthScope> scopes,
        ILogger logger,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var baseAddress = await connection.GetBaseAddressAsync(cancellationToken).ConfigureAwait(false);
        var cursor = new PageCursor(new Uri(baseAddress, pathAndQuery), baseAddress, connection.Registry, listing, logger);
        while (cursor.Next is { } uri)
        {
            var names = await ReadPageAsync(connection, uri, cursor, readPage, operation, repository, subject, scopes, cancellationToken).ConfigureAwait(false);
            foreach (var name in names)
            {
                yield return name;
            }
        }
    }

    // As ReadAsync, page by page, each with the token that resumes after it; continuationToken (a page's
    // ContinuationToken) starts after that page instead of at the first.
    public static async IAsyncEnumerable<ListingPage> ReadPagesAsync(
        RegistryConnection connection,
        string pathAndQuery,
        string? continuationToken,
        Func<HttpResponseMessage, CancellationToken, Task<IReadOnlyList<string>>> readPage,
        RegistryOperation operation,
        string? repository,
        string subject,
        string listing,
        IReadOnlyList<RegistryAuthScope> scopes,
        ILogger logger,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var baseAddress = await connection.GetBaseAddressAsync(cancellationToken).ConfigureAwait(false);
        var first = continuationToken is null ? new Uri(baseAddress, pathAndQuery) : Resume(baseAddress, continuationToken, pathAndQuery);
        var cursor = new PageCursor(first, baseAddress, connection.Registry, listing, logger);
        while (cursor.Next is { } uri)
        {
            var names = await ReadPageAsync(connection, uri, cursor, readPage, operation, repository, subject, scopes, cancellationToken).ConfigureAwait(false);
            yield return new ListingPage(names, cursor.Next?.PathAndQuery);
        }
    }

    // A token continues the listing it came from, on the registry's own origin: a path of the same endpoint, never a
    // whole URI, so a token from elsewhere cannot send the request (and its credentials) to another host.
    private static Uri Resume(Uri baseAddress, string continuationToken, string pathAndQuery)
    {
        var endpoint = "/" + pathAndQuery.Split('?')[0];
        if (!continuationToken.StartsWith(endpoint, StringComparison.Ordinal) || !Uri.TryCreate(continuationToken, UriKind.Relative, out _))
        {
            throw new ArgumentException(
                $"The continuation token \"{continuationToken}\" does not continue this listing ({endpoint}); pass a ContinuationToken this listing returned.",
                nameof(continuationToken));
        }

        return new Uri(baseAddress, continuationToken);
    }

    private static async Task<IReadOnlyList<string>> ReadPageAsync(
        RegistryConnection connection,
        Uri uri,
        PageCursor cursor,
        Func<HttpResponseMessage, CancellationToken, Task<IReadOnlyList<string>>> readPage,
        RegistryOperation operation,
        string? repository,
        string subject,
        IReadOnlyList<RegistryAuthScope> scopes,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        var response = await connection.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken, scopes).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await RegistryConnection.FailAsync(response, operation, repository, subject, cancellationToken).ConfigureAwait(false);
        }

        using (response)
        {
            var names = await readPage(response, cancellationToken).ConfigureAwait(false);
            cursor.Advance(response, uri);
            return names;
        }
    }
}
