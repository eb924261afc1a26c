using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Headers;
using OciRegistry.Client.DependencyInjection;

namespace OciRegistry.Client.Http.Tests.Blobs;

/// <summary>
/// Blob GETs redirected to storage. Registry credentials are put on by a handler registered like the authentication
/// handler will be; the storage request must never carry them to another origin or over plain http.
/// </summary>
public sealed class BlobRedirectTests
{
    private const string Token = "Bearer registry-secret";

    private static readonly byte[] Content = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();

    private static readonly Descriptor Blob = Descriptor.FromContent(MediaTypes.OciLayerGzip, Content);

    private static readonly string BlobPath = $"/v2/team/app/blobs/{Blob.Digest}";

    private static ScriptedRegistry WithCredentials(ScriptedHandler handler) =>
        new(handler, services: s => new OciRegistryBuilder(s).AddRegistryHttpHandler((_, _) => new CredentialsHandler()));

    private static HttpResponseMessage Redirect(string location, HttpStatusCode status = HttpStatusCode.TemporaryRedirect)
    {
        var response = new HttpResponseMessage(status);
        response.Headers.Location = new Uri(location, UriKind.RelativeOrAbsolute);
        return response;
    }

    private static HttpResponseMessage Ok() => new(HttpStatusCode.OK) { Content = new ByteArrayContent(Content) };

    private static RecordedRequest Single(ScriptedRegistry registry, string host, string path) =>
        Assert.Single(registry.Handler.Requests, r => r.Uri.Host == host && r.Uri.AbsolutePath == path);

    [Fact]
    public async Task The_credentials_handler_puts_them_on_registry_requests()
    {
        using var registry = WithCredentials(new ScriptedHandler().WithPing().On(HttpMethod.Get, BlobPath, _ => Ok()));

        await using var blob = await registry.Repository().FetchBlobAsync(Blob);

        Assert.Equal(Token, Single(registry, "registry.test", BlobPath).Headers["Authorization"]);
    }

    [Theory]
    [InlineData(HttpStatusCode.MovedPermanently)]
    [InlineData(HttpStatusCode.Found)]
    [InlineData(HttpStatusCode.SeeOther)]
    [InlineData(HttpStatusCode.TemporaryRedirect)]
    [InlineData(HttpStatusCode.PermanentRedirect)]
    public async Task A_relative_location_is_resolved_against_the_registry_and_keeps_credentials(HttpStatusCode status)
    {
        using var registry = WithCredentials(new ScriptedHandler().WithPing()
            .On(HttpMethod.Get, BlobPath, _ => Redirect("../../../storage/blob?sig=abc", status))
            .On(HttpMethod.Get, "/v2/storage/blob", _ => Ok()));

        await using var blob = await registry.Repository().FetchBlobAsync(Blob);

        Assert.Equal(Content, await BlobFetchTests.ReadAllAsync(blob.Stream));
        var storage = Single(registry, "registry.test", "/v2/storage/blob");
        Assert.Equal("https://registry.test/v2/storage/blob?sig=abc", storage.Uri.ToString());
        Assert.Equal(Token, storage.Headers["Authorization"]);
    }

    [Fact]
    public async Task A_redirect_to_another_origin_carries_no_credentials()
    {
        using var registry = WithCredentials(new ScriptedHandler().WithPing()
            .On(HttpMethod.Get, BlobPath, _ => Redirect("https://storage.test/bucket/blob?X-Amz-Signature=s3cr3t"))
            .On(r => r.RequestUri!.Host == "storage.test", _ => Ok()));

        await using var blob = await registry.Repository().FetchBlobAsync(Blob);

        Assert.Equal(Content, await BlobFetchTests.ReadAllAsync(blob.Stream));
        Assert.Equal(Token, Single(registry, "registry.test", BlobPath).Headers["Authorization"]);
        var storage = Single(registry, "storage.test", "/bucket/blob");
        Assert.False(storage.Headers.ContainsKey("Authorization"));
        Assert.Equal("?X-Amz-Signature=s3cr3t", storage.Uri.Query);
        Assert.Contains("OciRegistry.Client", storage.Headers["User-Agent"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_to_another_port_of_the_same_host_carries_no_credentials()
    {
        using var registry = WithCredentials(new ScriptedHandler().WithPing()
            .On(HttpMethod.Get, BlobPath, _ => Redirect("https://registry.test:8443/blob"))
            .On(r => r.RequestUri!.Port == 8443, _ => Ok()));

        await using var blob = await registry.Repository().FetchBlobAsync(Blob);

        var storage = Assert.Single(registry.Handler.Requests, r => r.Uri.Port == 8443);
        Assert.False(storage.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task A_downgrade_to_http_on_the_same_host_carries_no_credentials()
    {
        using var registry = WithCredentials(new ScriptedHandler().WithPing()
            .On(HttpMethod.Get, BlobPath, _ => Redirect("http://registry.test/plain/blob"))
            .On(HttpMethod.Get, "/plain/blob", _ => Ok()));

        await using var blob = await registry.Repository().FetchBlobAsync(Blob);

        var storage = Single(registry, "registry.test", "/plain/blob");
        Assert.Equal("http", storage.Uri.Scheme);
        Assert.False(storage.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Credentials_once_dropped_stay_dropped_when_storage_redirects_back()
    {
        using var registry = WithCredentials(new ScriptedHandler().WithPing()
            .On(HttpMethod.Get, BlobPath, _ => Redirect("https://storage.test/hop"))
            .On(r => r.RequestUri!.Host == "storage.test", _ => Redirect("https://registry.test/back"))
            .On(HttpMethod.Get, "/back", _ => Ok()));

        await using var blob = await registry.Repository().FetchBlobAsync(Blob);

        Assert.False(Single(registry, "registry.test", "/back").Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task The_range_of_a_resumed_fetch_follows_the_redirect()
    {
        using var registry = WithCredentials(new ScriptedHandler().WithPing()
            .On(HttpMethod.Get, BlobPath, _ => Redirect("https://storage.test/blob"))
            .On(r => r.RequestUri!.Host == "storage.test", _ =>
            {
                var response = new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = new ByteArrayContent(Content[100..]) };
                response.Content.Headers.ContentRange = new ContentRangeHeaderValue(100, Content.Length - 1, Content.Length);
                return response;
            }));

        await using var blob = await registry.Repository().FetchBlobAsync(Blob, offset: 100);

        Assert.Equal(Content[100..], await BlobFetchTests.ReadAllAsync(blob.Stream));
        Assert.Equal("bytes=100-", Single(registry, "storage.test", "/blob").Headers["Range"]);
    }

    [Fact]
    public async Task Five_redirects_are_followed()
    {
        using var registry = WithCredentials(Chain(5));

        await using var blob = await registry.Repository().FetchBlobAsync(Blob);

        Assert.Equal(Content, await BlobFetchTests.ReadAllAsync(blob.Stream));
    }

    [Fact]
    public async Task More_than_five_redirects_fail_clearly()
    {
        using var registry = WithCredentials(Chain(6));

        var error = await Assert.ThrowsAsync<OciRegistryException>(() => registry.Repository().FetchBlobAsync(Blob));

        Assert.Contains($"redirected the request for blob {Blob.Digest} more than 5 times", error.Message, StringComparison.Ordinal);
        Assert.Equal(6, registry.Handler.Requests.Count(r => r.Method == HttpMethod.Get && r.Uri.AbsolutePath != "/v2/"));
    }

    [Fact]
    public async Task A_redirect_without_location_fails_clearly()
    {
        using var registry = WithCredentials(new ScriptedHandler().WithPing()
            .On(HttpMethod.Get, BlobPath, _ => new HttpResponseMessage(HttpStatusCode.TemporaryRedirect)));

        var error = await Assert.ThrowsAsync<OciRegistryException>(() => registry.Repository().FetchBlobAsync(Blob));

        Assert.Contains("without a Location", error.Message, StringComparison.Ordinal);
    }

    // The registry redirects to /hop/1, which redirects to /hop/2, …; /hop/N answers with the blob.
    private static ScriptedHandler Chain(int redirects)
    {
        var handler = new ScriptedHandler().WithPing().On(HttpMethod.Get, BlobPath, _ => Redirect("/hop/1"));
        for (var i = 1; i < redirects; i++)
        {
            var next = i + 1;
            handler.On(HttpMethod.Get, $"/hop/{i}", _ => Redirect($"/hop/{next}"));
        }

        return handler.On(HttpMethod.Get, $"/hop/{redirects}", _ => Ok());
    }

    private sealed class CredentialsHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(Token);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
