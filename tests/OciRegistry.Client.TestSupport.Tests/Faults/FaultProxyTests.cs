using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using OciRegistry.Client.TestSupport.Faults;
using OciRegistry.Client.TestSupport.Loopback;

namespace OciRegistry.Client.TestSupport.Tests.Faults;

/// <summary>
/// The proxy in front of a loopback Kestrel server whose answers are known to the byte, observed with a raw
/// HttpClient or TcpClient.
/// </summary>
public sealed class FaultProxyTests : IAsyncLifetime
{
    private const int BodySize = 300_000;
    private static readonly byte[] Body = MakeBody(BodySize);

    private readonly ConcurrentQueue<(string Path, long Bytes, bool Complete)> _uploads = new();
    private LoopbackHttpServer _upstream = null!;
    private FaultProxy _proxy = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _upstream = await LoopbackHttpServer.StartAsync(AnswerAsync);
        _proxy = FaultProxy.Start(_upstream.BaseAddress);
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }) { BaseAddress = _proxy.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _proxy.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task Without_rules_it_forwards_bodies_and_records_each_request()
    {
        var bytes = await _http.GetByteArrayAsync("/v2/repo/blobs/sha256:aa");
        using var head = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v2/repo/blobs/sha256:aa"));
        using var posted = await _http.PostAsync("/v2/repo/blobs/uploads/", new ByteArrayContent(new byte[1234]));

        Assert.Equal(Body, bytes);
        Assert.Equal(BodySize, head.Content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.Equal(
            [
                new ProxiedRequest("GET", "/v2/repo/blobs/sha256:aa", 200, 0, BodySize, null),
                new ProxiedRequest("HEAD", "/v2/repo/blobs/sha256:aa", 200, 0, 0, null),
                new ProxiedRequest("POST", "/v2/repo/blobs/uploads/", 202, 1234, 0, null),
            ],
            _proxy.Requests);
        Assert.Equal(("/v2/repo/blobs/uploads/", 1234L, true), Assert.Single(_uploads));
    }

    [Fact]
    public async Task A_status_rule_answers_its_count_of_times_with_Retry_After_in_seconds_then_forwards()
    {
        var rule = _proxy.AddRule(RequestMatch.BlobGet, Fault.Status(503, TimeSpan.FromSeconds(2)), times: 2);

        using var first = await _http.GetAsync("/v2/repo/blobs/sha256:aa");
        using var second = await _http.GetAsync("/v2/repo/blobs/sha256:aa");
        using var third = await _http.GetAsync("/v2/repo/blobs/sha256:aa");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), first.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(Body, await third.Content.ReadAsByteArrayAsync());
        Assert.Equal([503, 503, 200], _proxy.Requests.Select(r => r.Status));
        Assert.Equal((3, 2), (rule.Seen, rule.Applied));
    }

    [Fact]
    public async Task A_429_can_carry_Retry_After_as_an_HTTP_date()
    {
        var when = new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);
        _proxy.AddRule(RequestMatch.Any, Fault.Status(429, when));

        using var response = await _http.GetAsync("/v2/");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(when, response.Headers.RetryAfter?.Date);
        Assert.Equal("Tue, 06 May 2031 07:08:09 GMT", response.Headers.GetValues("Retry-After").Single());
    }

    [Fact]
    public async Task A_status_rule_on_a_request_with_a_body_reads_the_body_and_keeps_the_connection()
    {
        _proxy.AddRule(RequestMatch.For("POST"), Fault.Status(503));

        using var refused = await _http.PostAsync("/v2/repo/blobs/uploads/", new ByteArrayContent(new byte[5000]));
        using var accepted = await _http.PostAsync("/v2/repo/blobs/uploads/", new ByteArrayContent(new byte[5000]));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal([5000L, 5000L], _proxy.Requests.Select(r => r.RequestBodyBytes));
        Assert.Single(_uploads);
    }

    [Fact]
    public async Task Skip_and_times_select_the_nth_matching_request_and_other_requests_do_not_count()
    {
        var second = _proxy.AddRule(RequestMatch.UploadPatch, Fault.Status(500), times: 1, skip: 1);

        var statuses = new List<int>();
        foreach (var method in new[] { "PATCH", "GET", "PATCH", "PATCH" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), "/v2/repo/blobs/uploads/session");
            using var response = await _http.SendAsync(request);
            statuses.Add((int)response.StatusCode);
        }

        Assert.Equal([202, 200, 500, 202], statuses);
        Assert.Equal((3, 1), (second.Seen, second.Applied));
    }

    [Fact]
    public async Task The_first_rule_whose_window_holds_a_request_wins_and_every_rule_counts_it()
    {
        var first = _proxy.AddRule(RequestMatch.Any, Fault.Status(503), times: 1);
        var second = _proxy.AddRule(RequestMatch.Any, Fault.Status(429), times: 2);

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await _http.GetAsync("/v2/");
            statuses.Add((int)response.StatusCode);
        }

        // The second rule saw the first request too (taken by the first rule), so it has one 429 left for the second.
        Assert.Equal([503, 429, 200, 200], statuses);
        Assert.Equal((4, 1), (first.Seen, first.Applied));
        Assert.Equal((4, 1), (second.Seen, second.Applied));
    }

    [Fact]
    public async Task Truncation_sends_exactly_the_bytes_asked_then_a_clean_close_while_Content_Length_promised_more()
    {
        _proxy.AddRule(RequestMatch.BlobGet, Fault.TruncateResponse(100_000));

        var (head, body, error) = await RawGetAsync("/v2/repo/blobs/sha256:aa");

        Assert.StartsWith("HTTP/1.1 200", head, StringComparison.Ordinal);
        Assert.Contains($"Content-Length: {BodySize}", head, StringComparison.OrdinalIgnoreCase);
        Assert.Null(error);
        Assert.Equal(Body[..100_000], body);
        Assert.Equal(new ProxiedRequest("GET", "/v2/repo/blobs/sha256:aa", 200, 0, 100_000, Fault.TruncateResponse(100_000)), Assert.Single(_proxy.Requests));
    }

    [Fact]
    public async Task Truncation_through_HttpClient_ends_the_stream_prematurely()
    {
        _proxy.AddRule(RequestMatch.BlobGet, Fault.TruncateResponse(10));

        using var response = await _http.GetAsync("/v2/repo/blobs/sha256:aa", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();

        var error = await Assert.ThrowsAnyAsync<IOException>(() => stream.CopyToAsync(Stream.Null));
        Assert.Equal(HttpRequestError.ResponseEnded, Assert.IsType<HttpIOException>(error).HttpRequestError);
    }

    [Fact]
    public async Task A_response_reset_sends_at_most_the_bytes_asked_then_resets_the_connection()
    {
        _proxy.AddRule(RequestMatch.BlobGet, Fault.ResetResponse(50_000));

        var (head, body, error) = await RawGetAsync("/v2/repo/blobs/sha256:aa");

        Assert.StartsWith("HTTP/1.1 200", head, StringComparison.Ordinal);
        Assert.True(body.Length <= 50_000, $"{body.Length} bytes arrived");
        Assert.Equal(Body[..body.Length], body);
        var socketError = Assert.IsType<SocketException>(error?.InnerException ?? error);
        Assert.Equal(SocketError.ConnectionReset, socketError.SocketErrorCode);
        Assert.Equal(50_000, Assert.Single(_proxy.Requests).ResponseBodyBytes);
    }

    [Fact]
    public async Task A_flipped_byte_is_inverted_at_its_offset_and_nowhere_else()
    {
        _proxy.AddRule(RequestMatch.BlobGet, Fault.FlipResponseByte(123_456));

        var bytes = await _http.GetByteArrayAsync("/v2/repo/blobs/sha256:aa");
        var clean = await _http.GetByteArrayAsync("/v2/repo/blobs/sha256:aa");

        var expected = Body.ToArray();
        expected[123_456] ^= 0xFF;
        Assert.Equal(expected, bytes);
        Assert.Equal(Body, clean);
    }

    [Fact]
    public async Task A_request_reset_forwards_exactly_the_bytes_asked_then_resets_the_client_and_aborts_upstream()
    {
        // A raw upstream counts the body bytes that reach it, which Kestrel cannot do once the body is cut short.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var upstreamCount = CountBodyBytesAsync(listener);
        await using var proxy = FaultProxy.Start(new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/"));
        proxy.AddRule(RequestMatch.UploadPatch, Fault.ResetRequest(70_000));
        using var http = new HttpClient { BaseAddress = proxy.BaseAddress };

        using var content = new StreamContent(new MemoryStream(Body));
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => http.PatchAsync("/v2/repo/blobs/uploads/session", content));

        Assert.Null(error.StatusCode);
        Assert.Equal(70_000, await upstreamCount.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(new ProxiedRequest("PATCH", "/v2/repo/blobs/uploads/session", null, 70_000, 0, Fault.ResetRequest(70_000)), Assert.Single(proxy.Requests));
    }

    [Fact]
    public async Task A_chunked_request_body_is_forwarded_whole()
    {
        using var content = new StreamContent(new NonSeekableStream(Body));
        using var response = await _http.PatchAsync("/v2/repo/blobs/uploads/session", content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(("/v2/repo/blobs/uploads/session", (long)BodySize, true), Assert.Single(_uploads));
        Assert.Equal(BodySize, Assert.Single(_proxy.Requests).RequestBodyBytes);
    }

    [Fact]
    public async Task A_chunked_response_keeps_chunked_framing_and_can_be_truncated()
    {
        var whole = await _http.GetByteArrayAsync("/chunked");
        _proxy.AddRule(RequestMatch.For("GET", p => p == "/chunked"), Fault.TruncateResponse(1000));

        using var response = await _http.GetAsync("/chunked", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();

        Assert.Equal(Body, whole);
        Assert.True(response.Headers.TransferEncodingChunked);
        await Assert.ThrowsAnyAsync<IOException>(() => stream.CopyToAsync(Stream.Null));
    }

    [Fact]
    public async Task A_trickled_body_arrives_whole_and_the_rule_is_recorded()
    {
        _proxy.AddRule(RequestMatch.BlobGet, Fault.Trickle(20_000, TimeSpan.FromMilliseconds(300)));

        var bytes = await _http.GetByteArrayAsync("/v2/repo/blobs/sha256:aa");

        Assert.Equal(Body, bytes);
        Assert.IsType<TrickleFault>(Assert.Single(_proxy.Requests).Fault);
    }

    [Fact]
    public async Task Location_headers_naming_the_upstream_are_pointed_at_the_proxy_and_others_pass_unchanged()
    {
        using var absolute = await _http.PostAsync("/redirect/absolute", null);
        using var relative = await _http.PostAsync("/redirect/relative", null);
        using var elsewhere = await _http.PostAsync("/redirect/elsewhere", null);

        Assert.Equal(new Uri(_proxy.BaseAddress, "/v2/repo/blobs/uploads/abc?_state=x%2By"), absolute.Headers.Location);
        Assert.Equal(new Uri("/v2/repo/blobs/uploads/abc", UriKind.Relative), relative.Headers.Location);
        Assert.Equal(new Uri("http://127.0.0.2:9/storage"), elsewhere.Headers.Location);
    }

    [Fact]
    public async Task A_TLS_hello_is_refused_by_closing_the_connection_without_a_record()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _proxy.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(new byte[] { 0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5 });

        var read = await ReadOrErrorAsync(stream, new byte[100]);

        Assert.True(read <= 0, "the proxy answered a TLS hello");
        Assert.Empty(_proxy.Requests);
    }

    [Fact]
    public void Only_plain_http_on_loopback_can_be_an_upstream()
    {
        Assert.Throws<ArgumentException>(() => FaultProxy.Start(new Uri("http://192.0.2.1:5000/")));
        Assert.Throws<ArgumentException>(() => FaultProxy.Start(new Uri("https://127.0.0.1:5000/")));
    }

    [Fact]
    public async Task Disposing_stops_listening_and_closes_open_connections()
    {
        await using var proxy = FaultProxy.Start(_upstream.BaseAddress);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, proxy.BaseAddress.Port);

        await proxy.DisposeAsync();

        Assert.True(await ReadOrErrorAsync(tcp.GetStream(), new byte[10]) <= 0, "an open connection stayed open");
        using var late = new TcpClient();
        var refused = await Assert.ThrowsAsync<SocketException>(() => late.ConnectAsync(IPAddress.Loopback, proxy.BaseAddress.Port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        switch (context.Request.Method, path)
        {
            case ("POST", "/redirect/absolute"):
                context.Response.StatusCode = 202;
                context.Response.Headers.Location = new Uri(_upstream.BaseAddress, "/v2/repo/blobs/uploads/abc?_state=x%2By").ToString();
                return;
            case ("POST", "/redirect/relative"):
                context.Response.StatusCode = 202;
                context.Response.Headers.Location = "/v2/repo/blobs/uploads/abc";
                return;
            case ("POST", "/redirect/elsewhere"):
                context.Response.StatusCode = 307;
                context.Response.Headers.Location = "http://127.0.0.2:9/storage";
                return;
            case ("GET", "/chunked"):
                // No Content-Length: Kestrel frames the body in chunks.
                await context.Response.Body.WriteAsync(Body);
                return;
            case ("GET" or "HEAD", _):
                context.Response.ContentLength = Body.Length;
                if (context.Request.Method == "GET")
                {
                    await context.Response.Body.WriteAsync(Body);
                }

                return;
            default:
                long bytes = 0;
                var complete = true;
                var buffer = new byte[16 * 1024];
                try
                {
                    int read;
                    while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
                    {
                        bytes += read;
                    }
                }
                catch (Exception e) when (e is IOException or BadHttpRequestException or OperationCanceledException)
                {
                    complete = false;
                }

                if (context.Request.ContentLength is not null || context.Request.Headers.TransferEncoding.Count > 0)
                {
                    _uploads.Enqueue((path, bytes, complete));
                }

                context.Response.StatusCode = 202;
                return;
        }
    }

    /// <summary>One GET over a raw socket: the response head, the body bytes that arrived, and the error that ended them (null at a clean end).</summary>
    private async Task<(string Head, byte[] Body, Exception? Error)> RawGetAsync(string path)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _proxy.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {_proxy.Host}\r\n\r\n"));
        var received = new MemoryStream();
        var buffer = new byte[8192];
        Exception? error = null;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException e)
        {
            error = e;
        }

        var all = received.ToArray();
        var end = all.AsSpan().IndexOf("\r\n\r\n"u8);
        Assert.True(end >= 0, "no complete response head arrived");
        return (Encoding.ASCII.GetString(all, 0, end), all[(end + 4)..], error);
    }

    private static async Task<int> ReadOrErrorAsync(Stream stream, byte[] buffer)
    {
        try
        {
            return await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (IOException)
        {
            return -1;
        }
    }

    /// <summary>Accepts one connection, reads a request head, and counts the bytes after it until the connection ends.</summary>
    private static async Task<long> CountBodyBytesAsync(TcpListener listener)
    {
        using var socket = await listener.AcceptSocketAsync();
        var buffer = new byte[64 * 1024];
        var head = new MemoryStream();
        long? body = null;
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer)) > 0)
            {
                if (body is not null)
                {
                    body += read;
                    continue;
                }

                head.Write(buffer, 0, read);
                var end = head.GetBuffer().AsSpan(0, (int)head.Length).IndexOf("\r\n\r\n"u8);
                if (end >= 0)
                {
                    body = head.Length - (end + 4);
                }
            }
        }
        catch (SocketException)
        {
        }

        return body ?? -1;
    }

    private static byte[] MakeBody(int size)
    {
        var body = new byte[size];
        new Random(1234).NextBytes(body);
        return body;
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
