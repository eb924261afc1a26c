using System.Net.Http.Headers;
using System.Text;

namespace OciRegistry.Client.Http.Tests.Listing;

/// <summary>Responses of the listing endpoints for scripted registries.</summary>
internal static class ListingResponses
{
    public static HttpResponseMessage Json(string json, params string[] links)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (links.Length > 0)
        {
            response.Headers.TryAddWithoutValidation("Link", links);
        }

        return response;
    }

    public static HttpResponseMessage Tags(IEnumerable<string> tags, params string[] links) =>
        Json($"{{\"name\":\"team/app\",\"tags\":[{string.Join(",", tags.Select(t => $"\"{t}\""))}]}}", links);

    public static HttpResponseMessage Catalog(IEnumerable<string> repositories, params string[] links) =>
        Json($"{{\"repositories\":[{string.Join(",", repositories.Select(r => $"\"{r}\""))}]}}", links);

    public static HttpResponseMessage Error(HttpStatusCode status, string code) =>
        new(status) { Content = new StringContent($"{{\"errors\":[{{\"code\":\"{code}\",\"message\":\"{code.ToLowerInvariant()}\"}}]}}") };

    public static bool IsGet(HttpRequestMessage request, string path, string? query = null) =>
        request.Method == HttpMethod.Get
        && request.RequestUri!.AbsolutePath == path
        && (query is null || request.RequestUri.Query == query);
}
