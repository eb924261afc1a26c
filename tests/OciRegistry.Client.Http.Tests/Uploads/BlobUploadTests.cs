namespace OciRegistry.Client.Http.Tests.Uploads;

public sealed class BlobUploadTests
{
    private static byte[] Bytes(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static Descriptor Describe(byte[] bytes) => Descriptor.FromContent(MediaTypes.OciLayerGzip, bytes);

    private static RecordedRequest[] Session(ScriptedRegistry registry) =>
        registry.Handler.Requests.Where(r => r.Uri.AbsolutePath.StartsWith(UploadServer.UploadsPath, StringComparison.Ordinal)).ToArray();

    private static string Calls(ScriptedRegistry registry) => string.Join(" ", Session(registry).Select(r => r.Method.Method));

    [Fact]
    public async Task A_relative_location_with_a_query_gets_the_digest_appended_with_an_ampersand()
    {
        var server = new UploadServer();
        using var registry = new ScriptedRegistry(server.Handler());
        var bytes = Bytes(1000);
        var blob = Describe(bytes);

        await registry.Repository().PushBlobAsync(blob, new ForwardOnlyStream(bytes), UploadStrategy.Monolithic, CancellationToken.None);

        Assert.Equal("POST PUT", Calls(registry));
        var put = Session(registry)[1];
        Assert.Equal($"https://registry.test{UploadServer.SessionPath}?_state=s1&digest=sha256%3A{blob.Digest.Encoded}", put.Uri.AbsoluteUri);
        Assert.Equal(bytes, server.Received);
        Assert.Equal("1000", put.ContentHeaders["Content-Length"]);
    }

    [Fact]
    public async Task An_absolute_location_without_a_query_is_followed_and_gets_a_question_mark()
    {
        var server = new UploadServer { Location = "https://registry.test/v2/team/app/blobs/uploads/session-1" };
        using var registry = new ScriptedRegistry(server.Handler());
        var bytes = Bytes(5000);
        var blob = Describe(bytes);

        await registry.Repository().PushBlobAsync(blob, new ForwardOnlyStream(bytes), UploadStrategy.Streaming, CancellationToken.None);

        Assert.Equal("POST PATCH PUT", Calls(registry));
        Assert.Equal($"?digest=sha256%3A{blob.Digest.Encoded}", Session(registry)[2].Uri.Query);
        Assert.Equal(bytes, server.Received);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Chunks_carry_content_ranges_and_follow_each_new_location_reading_either_range_form(bool rangeWithUnit)
    {
        var server = new UploadServer { RangeWithUnit = rangeWithUnit };
        using var registry = new ScriptedRegistry(server.Handler(), o => o.ChunkSize = 1000);
        var bytes = Bytes(2500);

        await registry.Repository().PushBlobAsync(Describe(bytes), new ForwardOnlyStream(bytes), UploadStrategy.Chunked, CancellationToken.None);

        var patches = Session(registry).Where(r => r.Method == HttpMethod.Patch).ToArray();
        Assert.Equal(["0-999", "1000-1999", "2000-2499"], patches.Select(p => p.ContentHeaders["Content-Range"]));
        Assert.Equal(["?_state=s1", "?_state=s2", "?_state=s3"], patches.Select(p => p.Uri.Query));
        Assert.Equal(bytes, server.Received);
    }

    [Fact]
    public async Task A_416_is_recovered_through_a_status_request_by_resending_the_rest_of_the_chunk()
    {
        var server = new UploadServer();
        var patches = 0;
        server.Intercept = (request, s) =>
        {
            // The second chunk: the registry keeps its first 300 bytes but answers 416, as after a dropped connection.
            if (request.Method == HttpMethod.Patch && ++patches == 2)
            {
                s.Take(request.Body.AsSpan(0, 300));
                return new HttpResponseMessage(HttpStatusCode.RequestedRangeNotSatisfiable);
            }

            return null;
        };
        using var registry = new ScriptedRegistry(server.Handler(), o => o.ChunkSize = 1000);
        var bytes = Bytes(2500);

        await registry.Repository().PushBlobAsync(Describe(bytes), new ForwardOnlyStream(bytes), UploadStrategy.Chunked, CancellationToken.None);

        Assert.Equal("POST PATCH PATCH GET PATCH PATCH PUT", Calls(registry));
        Assert.Equal(["0-999", "1000-1999", "1300-1999", "2000-2499"], Session(registry).Where(r => r.Method == HttpMethod.Patch).Select(p => p.ContentHeaders["Content-Range"]));
        Assert.Equal(bytes, server.Received);
    }

    [Fact]
    public async Task A_registry_offset_before_the_current_chunk_fails_clearly_and_cancels_the_session()
    {
        var server = new UploadServer();
        var patches = 0;

        // The third chunk is refused and the registry reports that it lost everything after the first chunk.
        server.Intercept = (request, _) =>
        {
            if (request.Method == HttpMethod.Patch && ++patches == 3)
            {
                return new HttpResponseMessage(HttpStatusCode.RequestedRangeNotSatisfiable);
            }

            if (request.Method == HttpMethod.Get)
            {
                var response = new HttpResponseMessage(HttpStatusCode.NoContent);
                response.Headers.TryAddWithoutValidation("Range", "0-999");
                return response;
            }

            return null;
        };
        using var registry = new ScriptedRegistry(server.Handler(), o => o.ChunkSize = 1000);
        var bytes = Bytes(3500);

        var error = await Assert.ThrowsAsync<OciRegistryException>(() =>
            registry.Repository().PushBlobAsync(Describe(bytes), new ForwardOnlyStream(bytes), UploadStrategy.Chunked, CancellationToken.None));

        Assert.Contains("holds only 1000 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal("POST PATCH PATCH PATCH GET DELETE", Calls(registry));
    }

    [Fact]
    public async Task A_201_to_a_patch_and_a_204_to_the_final_put_are_accepted()
    {
        var server = new UploadServer { PatchStatus = HttpStatusCode.Created, PutStatus = HttpStatusCode.NoContent };
        using var registry = new ScriptedRegistry(server.Handler(), o => o.ChunkSize = 1000);
        var bytes = Bytes(1500);

        await registry.Repository().PushBlobAsync(Describe(bytes), new ForwardOnlyStream(bytes), UploadStrategy.Chunked, CancellationToken.None);

        Assert.Equal("POST PATCH PATCH PUT", Calls(registry));
        Assert.Equal(bytes, server.Received);
    }

    [Fact]
    public async Task The_registry_chunk_minimum_raises_the_chunk_size()
    {
        var server = new UploadServer { ChunkMinLength = 4096 };
        using var registry = new ScriptedRegistry(server.Handler(), o => o.ChunkSize = 1000);
        var bytes = Bytes(10_000);

        await registry.Repository().PushBlobAsync(Describe(bytes), new ForwardOnlyStream(bytes), UploadStrategy.Chunked, CancellationToken.None);

        Assert.Equal(["0-4095", "4096-8191", "8192-9999"], Session(registry).Where(r => r.Method == HttpMethod.Patch).Select(p => p.ContentHeaders["Content-Range"]));
        Assert.Equal(bytes, server.Received);
    }

    [Fact]
    public async Task A_single_request_is_one_post_with_the_digest_when_the_registry_takes_it()
    {
        var server = new UploadServer();
        server.Intercept = (request, s) =>
        {
            if (request.Method != HttpMethod.Post)
            {
                return null;
            }

            s.Take(request.Body);
            return new HttpResponseMessage(HttpStatusCode.Created);
        };
        using var registry = new ScriptedRegistry(server.Handler());
        var bytes = Bytes(3000);
        var blob = Describe(bytes);

        await registry.Repository().PushBlobAsync(blob, new MemoryStream(bytes), UploadStrategy.SingleRequest, CancellationToken.None);

        Assert.Equal("POST", Calls(registry));
        Assert.Equal($"?digest=sha256%3A{blob.Digest.Encoded}", Session(registry)[0].Uri.Query);
        Assert.Equal(bytes, server.Received);
    }

    [Fact]
    public async Task A_single_request_answered_202_continues_monolithically_at_the_location()
    {
        var server = new UploadServer();
        using var registry = new ScriptedRegistry(server.Handler());
        var bytes = Bytes(3000);
        var stream = new MemoryStream(bytes);

        await registry.Repository().PushBlobAsync(Describe(bytes), stream, UploadStrategy.SingleRequest, CancellationToken.None);

        Assert.Equal("POST PUT", Calls(registry));
        Assert.Equal(bytes, Session(registry)[0].Body);
        Assert.StartsWith("?_state=s1&digest=", Session(registry)[1].Uri.Query, StringComparison.Ordinal);
        Assert.Equal(bytes, server.Received);
    }

    [Fact]
    public async Task A_mount_answered_201_is_mounted_with_escaped_query_values()
    {
        var server = new UploadServer { Intercept = (_, _) => new HttpResponseMessage(HttpStatusCode.Created) };
        using var registry = new ScriptedRegistry(server.Handler());
        var blob = Describe(Bytes(10));

        Assert.True(await registry.Repository().TryMountBlobAsync(blob, "other/repo"));

        Assert.Equal("POST", Calls(registry));
        Assert.Equal($"?mount=sha256%3A{blob.Digest.Encoded}&from=other%2Frepo", Session(registry)[0].Uri.Query);
    }

    [Fact]
    public async Task A_mount_answered_202_cancels_the_session_it_opened()
    {
        var server = new UploadServer();
        using var registry = new ScriptedRegistry(server.Handler());

        Assert.False(await registry.Repository().TryMountBlobAsync(Describe(Bytes(10)), "other/repo"));

        Assert.Equal("POST DELETE", Calls(registry));
        Assert.Equal("?_state=s1", Session(registry)[1].Uri.Query);
    }

    [Fact]
    public async Task Mount_or_push_uploads_into_the_session_a_declined_mount_opened()
    {
        var server = new UploadServer();
        using var registry = new ScriptedRegistry(server.Handler());
        var bytes = Bytes(2000);

        var mounted = await registry.Repository().MountOrPushBlobAsync(Describe(bytes), "other/repo", _ => Task.FromResult<Stream>(new ForwardOnlyStream(bytes)));

        Assert.False(mounted);
        Assert.Equal("POST PUT", Calls(registry));
        Assert.StartsWith("?mount=", Session(registry)[0].Uri.Query, StringComparison.Ordinal);
        Assert.StartsWith("?_state=s1&digest=", Session(registry)[1].Uri.Query, StringComparison.Ordinal);
        Assert.Equal(bytes, server.Received);
    }

    // A streamed body that turns out wrong aborts its request before the last bytes: the scripted registry, which
    // reads whole bodies, never receives that request at all.
    [Theory]
    [InlineData(UploadStrategy.Streaming, "POST DELETE")]
    [InlineData(UploadStrategy.Chunked, "POST PATCH PATCH DELETE")]
    [InlineData(UploadStrategy.Monolithic, "POST DELETE")]
    public async Task Content_that_does_not_match_the_digest_is_never_completed(UploadStrategy strategy, string calls)
    {
        var server = new UploadServer();
        using var registry = new ScriptedRegistry(server.Handler(), o => o.ChunkSize = 1000);
        var bytes = Bytes(1500);
        var blob = Describe(bytes) with { Digest = Digest.Compute("something else"u8) };

        var error = await Assert.ThrowsAsync<DigestMismatchException>(() =>
            registry.Repository().PushBlobAsync(blob, new ForwardOnlyStream(bytes), strategy, CancellationToken.None));

        Assert.Equal(blob.Digest, error.Expected);
        Assert.Equal(Digest.Compute(bytes), error.Actual);
        Assert.Equal(calls, Calls(registry));
        Assert.DoesNotContain(Session(registry), r => r.Method == HttpMethod.Put);
    }

    [Theory]
    [InlineData(UploadStrategy.Streaming, 1499, "POST DELETE")]
    [InlineData(UploadStrategy.Streaming, 1501, "POST DELETE")]
    [InlineData(UploadStrategy.Monolithic, 1501, "POST DELETE")]
    [InlineData(UploadStrategy.Chunked, 1499, "POST PATCH PATCH DELETE")]
    [InlineData(UploadStrategy.Chunked, 2500, "POST PATCH DELETE")]
    public async Task Content_of_the_wrong_size_is_never_completed(UploadStrategy strategy, int actualLength, string calls)
    {
        var server = new UploadServer();
        using var registry = new ScriptedRegistry(server.Handler(), o => o.ChunkSize = 1000);
        var bytes = Bytes(actualLength);
        var blob = Describe(Bytes(1500));

        var error = await Assert.ThrowsAsync<DigestMismatchException>(() =>
            registry.Repository().PushBlobAsync(blob, new ForwardOnlyStream(bytes), strategy, CancellationToken.None));

        Assert.Equal(1500, error.ExpectedSize);
        Assert.Equal(actualLength, error.ActualSize);
        Assert.Equal(calls, Calls(registry));
    }

    [Fact]
    public async Task The_registry_digest_invalid_error_is_a_digest_mismatch()
    {
        var server = new UploadServer();
        server.Intercept = (request, _) => request.Method == HttpMethod.Put ? UploadServer.Error(HttpStatusCode.BadRequest, "DIGEST_INVALID") : null;
        using var registry = new ScriptedRegistry(server.Handler());
        var bytes = Bytes(100);

        var error = await Assert.ThrowsAsync<DigestMismatchException>(() =>
            registry.Repository().PushBlobAsync(Describe(bytes), new ForwardOnlyStream(bytes), UploadStrategy.Streaming, CancellationToken.None));

        Assert.Contains(Describe(bytes).Digest.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal(RegistryErrorCode.DigestInvalid, Assert.IsType<OciRegistryException>(error.InnerException).ErrorCode);
        Assert.Equal("POST PATCH PUT DELETE", Calls(registry));
    }

    [Fact]
    public async Task A_streamed_body_is_never_retried_and_the_error_surfaces()
    {
        var server = new UploadServer();
        server.Intercept = (request, _) => request.Method == HttpMethod.Patch ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) : null;
        using var registry = new ScriptedRegistry(server.Handler());
        var bytes = Bytes(100);

        var error = await Assert.ThrowsAsync<OciRegistryException>(() =>
            registry.Repository().PushBlobAsync(Describe(bytes), new ForwardOnlyStream(bytes), UploadStrategy.Streaming, CancellationToken.None));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(RegistryOperation.PushBlob, error.Operation);
        Assert.Equal("POST PATCH DELETE", Calls(registry));
    }

    [Fact]
    public async Task A_body_of_unknown_size_is_streamed_once_and_described_by_its_hash()
    {
        var server = new UploadServer();
        using var registry = new ScriptedRegistry(server.Handler());
        var bytes = Bytes(70_000);

        var stored = await registry.Repository().PushBlobAsync(new ForwardOnlyStream(bytes), MediaTypes.OciLayerGzip, CancellationToken.None);

        Assert.Equal(Describe(bytes), stored);
        Assert.Equal("POST PATCH PUT", Calls(registry));
        Assert.False(Session(registry)[1].ContentHeaders.ContainsKey("Content-Length"));
        Assert.Equal(bytes, server.Received);
    }
}
