using System.Text;

namespace OciRegistry.Client.Http.Tests.Errors;

public sealed class ErrorMappingTests
{
    private static readonly Digest BlobDigest = Digest.Compute("blob"u8);

    private static readonly Descriptor Blob = new() { MediaType = MediaTypes.OciLayerGzip, Digest = BlobDigest, Size = 4 };

    public enum Call
    {
        FetchManifest,
        FetchBlob,
        DeleteManifest,
        DeleteBlob,
    }

    private static string PathOf(Call call) => call switch
    {
        Call.FetchManifest => "/v2/team/app/manifests/v1",
        Call.FetchBlob or Call.DeleteBlob => $"/v2/team/app/blobs/{BlobDigest}",
        Call.DeleteManifest => $"/v2/team/app/manifests/{BlobDigest}",
        _ => throw new ArgumentOutOfRangeException(nameof(call)),
    };

    private static HttpMethod MethodOf(Call call) => call is Call.DeleteManifest or Call.DeleteBlob ? HttpMethod.Delete : HttpMethod.Get;

    private static async Task Invoke(RegistryRepository repository, Call call)
    {
        switch (call)
        {
            case Call.FetchManifest:
                await repository.FetchManifestAsync("v1");
                break;
            case Call.FetchBlob:
                await using (await repository.FetchBlobAsync(Blob))
                {
                }

                break;
            case Call.DeleteManifest:
                await repository.DeleteManifestAsync(BlobDigest);
                break;
            case Call.DeleteBlob:
                await repository.DeleteBlobAsync(BlobDigest);
                break;
        }
    }

    private static ScriptedRegistry Answering(Call call, Func<HttpResponseMessage> respond) =>
        new(new ScriptedHandler().WithPing().On(MethodOf(call), PathOf(call), _ => respond()), o => o.Retry.MaxRetries = 0);

    private static HttpResponseMessage ErrorBody(HttpStatusCode status, string? code, string message = "registry says no")
    {
        var response = new HttpResponseMessage(status);
        if (code is not null)
        {
            response.Content = new StringContent($"{{\"errors\":[{{\"code\":\"{code}\",\"message\":\"{message}\"}}]}}", Encoding.UTF8, "application/json");
        }

        return response;
    }

    public static TheoryData<Call, HttpStatusCode, string?, Type> Table => new()
    {
        { Call.FetchManifest, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN", typeof(ManifestNotFoundException) },
        { Call.FetchManifest, HttpStatusCode.NotFound, null, typeof(ManifestNotFoundException) },
        { Call.FetchBlob, HttpStatusCode.NotFound, "BLOB_UNKNOWN", typeof(BlobNotFoundException) },
        { Call.FetchBlob, HttpStatusCode.NotFound, null, typeof(BlobNotFoundException) },
        { Call.DeleteManifest, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN", typeof(ManifestNotFoundException) },
        { Call.DeleteBlob, HttpStatusCode.NotFound, "BLOB_UNKNOWN", typeof(BlobNotFoundException) },
        { Call.FetchManifest, HttpStatusCode.Unauthorized, "UNAUTHORIZED", typeof(RegistryAuthenticationException) },
        { Call.FetchManifest, HttpStatusCode.Unauthorized, null, typeof(RegistryAuthenticationException) },
        { Call.FetchBlob, HttpStatusCode.Forbidden, "DENIED", typeof(RegistryAuthenticationException) },
        { Call.DeleteManifest, HttpStatusCode.Forbidden, null, typeof(RegistryAuthenticationException) },
        { Call.FetchManifest, HttpStatusCode.TooManyRequests, "TOOMANYREQUESTS", typeof(TooManyRequestsException) },
        { Call.FetchManifest, HttpStatusCode.BadRequest, "MANIFEST_INVALID", typeof(OciRegistryException) },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task A_failure_maps_to_its_exception_type_and_keeps_code_status_and_operation(Call call, HttpStatusCode status, string? code, Type expected)
    {
        using var registry = Answering(call, () => ErrorBody(status, code));

        var error = await Assert.ThrowsAnyAsync<OciRegistryException>(() => Invoke(registry.Repository(), call));

        Assert.IsType(expected, error);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(code, error.ErrorCode?.ToString());
        Assert.Equal("registry.test/team/app", error.Repository);
        Assert.Contains(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        if (code is not null)
        {
            // The code, then the registry's words as Docker's and containers' clients print them.
            Assert.Contains($"({code}): {code.ToLowerInvariant().Replace('_', ' ')}: registry says no", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_missing_repository_is_a_repository_not_found_error()
    {
        using var registry = Answering(Call.FetchManifest, () => ErrorBody(HttpStatusCode.NotFound, "NAME_UNKNOWN", "repository name not known to registry"));

        var error = await Assert.ThrowsAnyAsync<NotFoundException>(() => Invoke(registry.Repository(), Call.FetchManifest));

        Assert.Equal(RegistryErrorCode.NameUnknown, error.ErrorCode);
        Assert.Contains("registry.test/team/app", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_HEAD_404_says_what_was_not_found_without_claiming_missing_details()
    {
        using var registry = new ScriptedRegistry(
            new ScriptedHandler().WithPing().On(HttpMethod.Head, "/v2/team/app/manifests/v9", _ => new HttpResponseMessage(HttpStatusCode.NotFound)),
            o => o.Retry.MaxRetries = 0);

        var error = await Assert.ThrowsAsync<ManifestNotFoundException>(() => registry.Repository().ResolveAsync("v9"));

        Assert.Equal("Manifest v9 in registry.test/team/app was not found: the registry answered 404 Not Found.", error.Message);
    }

    [Fact]
    public async Task A_GET_404_without_a_body_says_there_were_no_details()
    {
        using var registry = Answering(Call.FetchManifest, () => new HttpResponseMessage(HttpStatusCode.NotFound));

        var error = await Assert.ThrowsAsync<ManifestNotFoundException>(() => Invoke(registry.Repository(), Call.FetchManifest));

        Assert.EndsWith("the registry answered 404 Not Found (no error details).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_requests_carries_retry_after()
    {
        using var registry = Answering(Call.FetchManifest, () =>
        {
            var response = ErrorBody(HttpStatusCode.TooManyRequests, "TOOMANYREQUESTS");
            response.Headers.TryAddWithoutValidation("Retry-After", "7");
            return response;
        });

        var error = await Assert.ThrowsAsync<TooManyRequestsException>(() => Invoke(registry.Repository(), Call.FetchManifest));

        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Contains("retry after 7 s", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Call.DeleteManifest, "UNSUPPORTED")]
    [InlineData(Call.DeleteManifest, null)]
    [InlineData(Call.DeleteBlob, "UNSUPPORTED")]
    [InlineData(Call.DeleteBlob, null)]
    public async Task Deleting_where_deletion_is_disabled_says_so(Call call, string? code)
    {
        using var registry = Answering(call, () => ErrorBody(HttpStatusCode.MethodNotAllowed, code, "The operation is unsupported."));

        var error = await Assert.ThrowsAsync<OciRegistryException>(() => Invoke(registry.Repository(), call));

        Assert.StartsWith("Deletion is disabled on this registry", error.Message, StringComparison.Ordinal);
        Assert.Contains(BlobDigest.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, error.StatusCode);
    }

    [Fact]
    public async Task A_bad_request_on_delete_is_not_reported_as_deletion_disabled()
    {
        using var registry = Answering(Call.DeleteManifest, () => ErrorBody(HttpStatusCode.BadRequest, "DIGEST_INVALID", "provided digest did not match"));

        var error = await Assert.ThrowsAsync<OciRegistryException>(() => Invoke(registry.Repository(), Call.DeleteManifest));

        Assert.DoesNotContain("Deletion is disabled", error.Message, StringComparison.Ordinal);
        Assert.Contains("(DIGEST_INVALID): digest invalid: provided digest did not match", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_html_error_page_becomes_a_one_line_message()
    {
        const string Html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n";
        using var registry = Answering(Call.FetchManifest, () => new HttpResponseMessage(HttpStatusCode.BadGateway)
        {
            Content = new StringContent(Html, Encoding.UTF8, "text/html"),
        });

        var error = await Assert.ThrowsAsync<OciRegistryException>(() => Invoke(registry.Repository(), Call.FetchManifest));

        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain('\r', error.Message);
        Assert.Contains("Fetching manifest v1 in registry.test/team/app failed: the registry answered 502", error.Message, StringComparison.Ordinal);
        Assert.Contains("502 Bad Gateway", error.Message, StringComparison.Ordinal);
        Assert.Null(error.ErrorCode);
        Assert.Empty(error.Errors);
    }

    [Fact]
    public async Task A_huge_error_body_is_read_only_up_to_the_cap()
    {
        const int FiveMegabytes = 5 * 1024 * 1024;
        var body = new CountingStream(Enumerable.Repeat((byte)'x', FiveMegabytes).ToArray());
        using var registry = Answering(Call.FetchManifest, () => new HttpResponseMessage(HttpStatusCode.InternalServerError)
        {
            Content = new StreamContent(body),
        });

        var error = await Assert.ThrowsAsync<OciRegistryException>(() => Invoke(registry.Repository(), Call.FetchManifest));

        Assert.InRange(body.BytesRead, 1, 2 * Http.Errors.RegistryResponseErrors.MaxErrorBodySize);
        Assert.InRange(error.Message.Length, 1, 500);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("answered 500", error.Message, StringComparison.Ordinal);
    }

    private sealed class CountingStream(byte[] content) : MemoryStream(content)
    {
        private long _read;

        public long BytesRead => Interlocked.Read(ref _read);

        public override int Read(byte[] buffer, int offset, int count) => Counted(base.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Counted(base.Read(buffer));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        private int Counted(int read)
        {
            Interlocked.Add(ref _read, read);
            return read;
        }
    }
}
