using OciRegistry.Client.Http.IntegrationTests.Uploads;
using OciRegistry.Client.TestSupport.Faults;

namespace OciRegistry.Client.Http.IntegrationTests.Faults;

/// <summary>
/// The Http client against a real registry behind a <see cref="FaultProxy"/>: every case ends either complete and
/// verified, or failed with a clear error and nothing half-written visible in the registry.
/// </summary>
public sealed class FaultInjectionTests : RegistryTests<RegistryFixture>, IClassFixture<RegistryFixture>, IAsyncLifetime
{
    private const long BlobSize = (2 * 1024 * 1024) + 5;

    private readonly FaultProxy _proxy;
    private readonly ProxiedClient _proxied;

    public FaultInjectionTests(RegistryFixture registry, ITestOutputHelper output)
        : base(registry, output)
    {
        _proxy = FaultProxy.Start(registry);
        _proxied = new ProxiedClient(_proxy);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        _proxied.Dispose();
        await _proxy.DisposeAsync();
    }

    [Fact]
    public async Task A_manifest_GET_answered_503_twice_succeeds_on_the_third_attempt()
    {
        var (_, image) = await PushTestImageAsync("faults");
        _proxy.AddRule(RequestMatch.ManifestGet, Fault.Status(503), times: 2);

        var manifest = await _proxied.Repository(image.Repository).FetchManifestAsync("v1");

        Assert.Equal(image.ManifestDigest, manifest.Digest);
        Assert.Equal([503, 503, 200], _proxy.RequestsMatching(RequestMatch.ManifestGet).Select(r => r.Status));
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_waited_out_and_retried()
    {
        var (_, image) = await PushTestImageAsync("faults");
        _proxy.AddRule(RequestMatch.ManifestGet, Fault.Status(429, TimeSpan.FromSeconds(1)));

        var manifest = await _proxied.Repository(image.Repository).FetchManifestAsync("v1");

        Assert.Equal(image.ManifestDigest, manifest.Digest);
        Assert.Equal([429, 200], _proxy.RequestsMatching(RequestMatch.ManifestGet).Select(r => r.Status));
    }

    [Fact]
    public async Task A_blob_GET_reset_mid_body_fails_from_the_stream_and_resumes_from_the_bytes_read()
    {
        var (name, blob) = await PushGeneratedBlobAsync(31);
        _proxy.AddRule(RequestMatch.BlobGet, Fault.ResetResponse(700_000));
        var repository = _proxied.Repository(name);
        using var hash = IncrementalDigest.Create();

        var error = await Record.ExceptionAsync(async () =>
        {
            await using var content = await repository.FetchBlobAsync(blob);
            await AppendAsync(hash, content.Stream);
        });
        var offset = hash.BytesHashed;
        await using (var rest = await repository.FetchBlobAsync(blob, offset))
        {
            await AppendAsync(hash, rest.Stream);
        }

        Assert.True(error is IOException or HttpRequestException, $"the reset surfaced as {error?.GetType().Name ?? "nothing"}");
        Assert.InRange(offset, 0, 700_000);
        hash.Verify(blob.Digest, blob.Size);
        var gets = _proxy.RequestsMatching(RequestMatch.BlobGet);
        Assert.Equal([200, 206], gets.Select(r => r.Status));
        Assert.Equal(BlobSize - offset, gets[1].ResponseBodyBytes);
    }

    [Fact]
    public async Task A_flipped_byte_in_a_blob_is_caught_by_hashing()
    {
        var (name, blob) = await PushGeneratedBlobAsync(32);
        _proxy.AddRule(RequestMatch.BlobGet, Fault.FlipResponseByte(BlobSize / 2));
        using var hash = IncrementalDigest.Create();

        await using (var content = await _proxied.Repository(name).FetchBlobAsync(blob))
        {
            await AppendAsync(hash, content.Stream);
        }

        Assert.Equal(BlobSize, hash.BytesHashed);
        var error = Assert.Throws<DigestMismatchException>(() => hash.Verify(blob.Digest, blob.Size));
        Assert.Equal(blob.Digest, error.Expected);
        Assert.NotEqual(blob.Digest, error.Actual);
    }

    [Fact]
    public async Task A_truncated_manifest_body_fails_clearly_and_nothing_is_parsed()
    {
        var (_, image) = await PushTestImageAsync("faults");
        _proxy.AddRule(RequestMatch.ManifestGet, Fault.TruncateResponse(40));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => _proxied.Repository(image.Repository).FetchManifestAsync("v1"));

        // The body ended before its Content-Length: HttpClient's own error, not a parse error of the 40 bytes.
        var failure = Assert.IsType<OciRegistryException>(error);
        Assert.Equal(RegistryOperation.FetchManifest, failure.Operation);
        Assert.Contains("Manifest v1 in", failure.Message, StringComparison.Ordinal);
        Assert.Contains("could not be read: the registry's answer ended early", failure.Message, StringComparison.Ordinal);
        var ended = Assert.IsType<HttpIOException>(failure.InnerException);
        Assert.Equal(HttpRequestError.ResponseEnded, ended.HttpRequestError);
        var get = Assert.Single(_proxy.RequestsMatching(RequestMatch.ManifestGet));
        Assert.Equal((200, 40L), (get.Status!.Value, get.ResponseBodyBytes));
    }

    [Fact]
    public async Task A_streaming_upload_reset_mid_body_fails_and_leaves_no_blob_and_no_manifest_can_use_it()
    {
        var name = Registry.NewRepository("faults");
        var blob = GeneratedStream.Describe(BlobSize, 33);
        _proxy.AddRule(RequestMatch.UploadPatch, Fault.ResetRequest(1_000_000));
        await using var content = new GeneratedStream(BlobSize, 33);

        var error = await Record.ExceptionAsync(() => _proxied.Repository(name).PushBlobAsync(blob, content, UploadStrategy.Streaming, CancellationToken.None));

        Assert.True(error is HttpRequestException or IOException or OciRegistryException, $"the reset surfaced as {error?.GetType().Name ?? "nothing"}");
        var patch = Assert.Single(_proxy.RequestsMatching(RequestMatch.UploadPatch));
        Assert.Equal((null, 1_000_000L), (patch.Status, patch.RequestBodyBytes));
        Assert.Empty(_proxy.RequestsMatching(RequestMatch.UploadPut));
        Assert.Contains(_proxy.Requests, r => r.Method == "DELETE" && r.Path.Contains("/blobs/uploads/", StringComparison.Ordinal));

        var direct = Client.Repository(name);
        Assert.False(await direct.BlobExistsAsync(blob));
        await using (var config = new MemoryStream("{}"u8.ToArray()))
        {
            await direct.PushBlobAsync(Descriptor.Empty with { Data = null }, config, UploadStrategy.Monolithic, CancellationToken.None);
        }


        var manifest = Manifest.Create(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = Descriptor.Empty with { Data = null },
            Layers = [blob with { MediaType = MediaTypes.OciLayerGzip }],
        });
        var refused = await Assert.ThrowsAnyAsync<OciRegistryException>(() => direct.PushManifestAsync(manifest, "v1"));
        Assert.Equal(RegistryErrorCode.ManifestBlobUnknown, refused.ErrorCode);
    }

    /// <summary>Pushes a generated blob straight to the registry (not through the proxy).</summary>
    private async Task<(string Repository, Descriptor Blob)> PushGeneratedBlobAsync(int seed)
    {
        var name = Registry.NewRepository("faults");
        var blob = GeneratedStream.Describe(BlobSize, seed);
        await using var content = new GeneratedStream(BlobSize, seed);
        await Client.Repository(name).PushBlobAsync(blob, content, UploadStrategy.Monolithic, CancellationToken.None);
        return (name, blob);
    }

    private static async Task AppendAsync(IncrementalDigest hash, Stream stream)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            hash.Append(buffer.AsSpan(0, read));
        }
    }
}
