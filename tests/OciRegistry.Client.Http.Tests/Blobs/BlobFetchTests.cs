using System.Net.Http.Headers;

namespace OciRegistry.Client.Http.Tests.Blobs;

public sealed class BlobFetchTests
{
    private static readonly byte[] Content = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();

    private static readonly Descriptor Blob = Descriptor.FromContent(MediaTypes.OciLayerGzip, Content);

    private static readonly string BlobPath = $"/v2/team/app/blobs/{Blob.Digest}";

    internal static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static HttpResponseMessage Partial(long from, byte[] body, long? contentRangeFrom = null)
    {
        var start = contentRangeFrom ?? from;
        var response = new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = new ByteArrayContent(body[(int)from..]) };
        response.Content.Headers.ContentRange = new ContentRangeHeaderValue(start, start + body.Length - from - 1, body.Length);
        return response;
    }

    [Fact]
    public async Task A_blob_is_streamed_whole_without_a_range_header()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Get, BlobPath, _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Content) }));

        await using var blob = await registry.Repository().FetchBlobAsync(Blob);

        Assert.Equal(Content, await ReadAllAsync(blob.Stream));
        Assert.Equal(0, blob.Offset);
        Assert.Equal(Content.Length, blob.Size);
        Assert.False(registry.Handler.Requests.Last().Headers.ContainsKey("Range"));
    }

    [Fact]
    public async Task Resuming_sends_a_range_and_accepts_partial_content()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Get, BlobPath, _ => Partial(400, Content)));

        await using var blob = await registry.Repository().FetchBlobAsync(Blob, offset: 400);

        Assert.Equal("bytes=400-", registry.Handler.Requests.Last().Headers["Range"]);
        Assert.Equal(Content[400..], await ReadAllAsync(blob.Stream));
        Assert.Equal(400, blob.Offset);
        Assert.Equal(Content.Length, blob.Size);
    }

    [Fact]
    public async Task A_whole_blob_sent_for_a_range_request_has_its_first_bytes_skipped()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Get, BlobPath, _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Content) }));

        await using var blob = await registry.Repository().FetchBlobAsync(Blob, offset: 400);

        Assert.Equal(Content[400..], await ReadAllAsync(blob.Stream));
        Assert.Equal(400, blob.Offset);
    }

    [Fact]
    public async Task Partial_content_from_the_wrong_byte_fails()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Get, BlobPath, _ => Partial(0, Content)));

        var error = await Assert.ThrowsAsync<OciRegistryException>(() => registry.Repository().FetchBlobAsync(Blob, offset: 400));

        Assert.Contains($"blob {Blob.Digest} from byte 400 with bytes from 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Partial_content_without_content_range_fails()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Get, BlobPath, _ => new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = new ByteArrayContent(Content[400..]) }));

        var error = await Assert.ThrowsAsync<OciRegistryException>(() => registry.Repository().FetchBlobAsync(Blob, offset: 400));

        Assert.Contains("no Content-Range", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 999)]
    [InlineData(0, 1001)]
    [InlineData(400, 599)]
    public async Task A_content_length_that_disagrees_with_the_descriptor_fails(long offset, int sent)
    {
        var body = new byte[sent];
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Get, BlobPath, _ =>
            {
                if (offset == 0)
                {
                    return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
                }

                var response = new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = new ByteArrayContent(body) };
                response.Content.Headers.ContentRange = new ContentRangeHeaderValue(offset, offset + sent - 1, Content.Length);
                return response;
            }));

        var error = await Assert.ThrowsAsync<DigestMismatchException>(() => registry.Repository().FetchBlobAsync(Blob, offset));

        Assert.Contains(Blob.Digest.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains($"as {sent} bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_offset_past_the_end_is_refused_before_any_request()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing());

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => registry.Repository().FetchBlobAsync(Blob, offset: Content.Length + 1));

        Assert.DoesNotContain(registry.Handler.Requests, r => r.Uri.AbsolutePath == BlobPath);
    }

    [Fact]
    public async Task Resuming_at_the_end_gives_an_empty_stream_without_a_request()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing()
            .On(HttpMethod.Get, BlobPath, _ => new HttpResponseMessage(HttpStatusCode.RequestedRangeNotSatisfiable)));

        await using var blob = await registry.Repository().FetchBlobAsync(Blob, offset: Content.Length);

        Assert.Empty(await ReadAllAsync(blob.Stream));
        Assert.Equal(Content.Length, blob.Offset);
        Assert.DoesNotContain(registry.Handler.Requests, r => r.Uri.AbsolutePath == BlobPath);
    }

    [Fact]
    public async Task A_missing_blob_is_a_blob_not_found_error()
    {
        using var registry = new ScriptedRegistry(new ScriptedHandler().WithPing());

        var error = await Assert.ThrowsAsync<BlobNotFoundException>(() => registry.Repository().FetchBlobAsync(Blob));

        Assert.Contains($"Blob {Blob.Digest} in registry.test/team/app was not found", error.Message, StringComparison.Ordinal);
    }
}
