using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using OciRegistry.Client.TestSupport.Referrers;

namespace OciRegistry.Client.TestSupport.Tests.Referrers;

/// <summary>
/// The in-process referrers registry takes blob uploads the ways the distribution spec defines, observed with a raw
/// HttpClient: chunks with <c>Content-Range</c> (a chunk that does not continue the session is refused with 416 and
/// the session's <c>Range</c>), a streamed PATCH, the status request, one POST with the digest, mounts, and a wrong
/// digest refused with nothing stored.
/// </summary>
public sealed class ReferrersApiRegistryUploadTests : IAsyncLifetime
{
    private const string Repository = "team/app";
    private static readonly byte[] Blob = MakeBlob(100_000);

    private ReferrersApiRegistry _registry = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _registry = await ReferrersApiRegistry.StartAsync();
        _http = new HttpClient { BaseAddress = _registry.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _registry.DisposeAsync();
    }

    [Fact]
    public async Task Chunks_with_content_range_continue_the_session_a_gap_is_refused_with_its_range_and_put_completes_it()
    {
        var location = await OpenAsync();

        using var first = await PatchAsync(location, 0, 40_000);
        using var gap = await PatchAsync(first.Headers.Location!, 50_000, 60_000);
        using var status = await _http.GetAsync(first.Headers.Location);
        using var second = await PatchAsync(first.Headers.Location!, 40_000, 60_000);
        using var commit = await _http.PutAsync(WithDigest(second.Headers.Location!, DigestOf(Blob)), Body(Blob.AsMemory(60_000)));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal("0-39999", Header(first, "Range"));
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, gap.StatusCode);
        Assert.Equal("0-39999", Header(gap, "Range"));
        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        Assert.Equal("0-39999", Header(status, "Range"));
        Assert.Equal("0-59999", Header(second, "Range"));
        Assert.Equal(HttpStatusCode.Created, commit.StatusCode);
        Assert.Equal(DigestOf(Blob), Header(commit, "Docker-Content-Digest"));
        Assert.Equal(Blob, await _http.GetByteArrayAsync($"v2/{Repository}/blobs/{DigestOf(Blob)}"));
        Assert.Equal(0, _registry.OpenUploads);
    }

    [Fact]
    public async Task A_streamed_patch_without_content_range_then_put_stores_the_blob_and_a_wrong_digest_stores_nothing()
    {
        var streamed = await OpenAsync();
        var wrong = await OpenAsync();

        using var patch = await _http.PatchAsync(streamed, Body(Blob));
        using var commit = await _http.PutAsync(WithDigest(patch.Headers.Location!, DigestOf(Blob)), null);
        using var wrongPatch = await _http.PatchAsync(wrong, Body(Blob.AsMemory(1)));
        using var refused = await _http.PutAsync(WithDigest(wrongPatch.Headers.Location!, DigestOf(Blob)), null);

        Assert.Equal(HttpStatusCode.Accepted, patch.StatusCode);
        Assert.Equal($"0-{Blob.Length - 1}", Header(patch, "Range"));
        Assert.Equal(HttpStatusCode.Created, commit.StatusCode);
        Assert.True(_registry.HasBlob(Repository, DigestOf(Blob)));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("DIGEST_INVALID", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(_registry.HasBlob(Repository, DigestOf(Blob.AsSpan(1))));
    }

    [Fact]
    public async Task One_post_with_the_digest_stores_the_blob_a_mount_copies_it_to_another_repository_and_a_cancelled_session_is_gone()
    {
        using var post = await _http.PostAsync(WithDigest(new Uri(_http.BaseAddress!, $"v2/{Repository}/blobs/uploads/"), DigestOf(Blob)), Body(Blob));
        using var mount = await _http.PostAsync($"v2/other/app/blobs/uploads/?mount={DigestOf(Blob)}&from={Repository}", null);
        using var unknownMount = await _http.PostAsync($"v2/other/app/blobs/uploads/?mount=sha256:{new string('0', 64)}&from={Repository}", null);
        var session = unknownMount.Headers.Location!;
        using var cancel = await _http.DeleteAsync(session);
        using var afterCancel = await _http.GetAsync(session);

        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        Assert.Equal(HttpStatusCode.Created, mount.StatusCode);
        Assert.True(_registry.HasBlob("other/app", DigestOf(Blob)));
        Assert.Equal(HttpStatusCode.Accepted, unknownMount.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterCancel.StatusCode);
        Assert.Contains("BLOB_UPLOAD_UNKNOWN", await afterCancel.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<Uri> OpenAsync()
    {
        using var response = await _http.PostAsync($"v2/{Repository}/blobs/uploads/", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Null(Header(response, "Range"));
        return response.Headers.Location!;
    }

    private Task<HttpResponseMessage> PatchAsync(Uri location, int start, int end)
    {
        var content = Body(Blob.AsMemory(start, end - start));
        content.Headers.TryAddWithoutValidation("Content-Range", $"{start}-{end - 1}");
        return _http.PatchAsync(location, content);
    }

    private Uri WithDigest(Uri location, string digest)
    {
        var absolute = location.IsAbsoluteUri ? location : new Uri(_http.BaseAddress!, location);
        return new Uri(absolute + (string.IsNullOrEmpty(absolute.Query) ? "?" : "&") + "digest=" + Uri.EscapeDataString(digest));
    }

    private static ByteArrayContent Body(ReadOnlyMemory<byte> bytes)
    {
        var content = new ByteArrayContent(bytes.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private static string DigestOf(ReadOnlySpan<byte> content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    private static byte[] MakeBlob(int size)
    {
        var bytes = new byte[size];
        new Random(7).NextBytes(bytes);
        return bytes;
    }
}
