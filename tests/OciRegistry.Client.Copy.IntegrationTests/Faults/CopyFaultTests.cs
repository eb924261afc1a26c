using System.IO.Pipelines;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client.Copy.IntegrationTests.Support;
using OciRegistry.Client.Http;
using OciRegistry.Client.Models;
using OciRegistry.Client.TestSupport.Faults;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using Xunit.Abstractions;

namespace OciRegistry.Client.Copy.IntegrationTests.Faults;

/// <summary>
/// The copy engine reading a real registry through a <see cref="FaultProxy"/> and writing to a second registry
/// directly: every case ends either complete and verified (the destination's manifest is the source's bytes and every
/// blob hashes right) or failed with a clear error and no manifest at the destination.
/// </summary>
public sealed class CopyFaultTests : IClassFixture<RegistryFixture>, IClassFixture<DestinationRegistry>, IAsyncLifetime
{
    private const string Tag = "v1";

    private static readonly int[] LayerSizes = [(1024 * 1024) + 17, (3 * 512 * 1024) + 3, (2 * 1024 * 1024) - 11];

    private readonly RegistryFixture _source;
    private readonly DestinationRegistry _destination;
    private readonly ProcessLogScope _sourceLog;
    private readonly ProcessLogScope _destinationLog;
    private readonly CopyHarness _harness;
    private readonly FaultProxy _proxy;

    public CopyFaultTests(RegistryFixture source, DestinationRegistry destination, ITestOutputHelper output)
    {
        _source = source;
        _destination = destination;
        _sourceLog = source.CaptureLog(output);
        _destinationLog = destination.CaptureLog(output);
        _proxy = FaultProxy.Start(source);

        // The source as a user would name a registry behind the proxy: its host:port, marked insecure. Retry delays
        // may reach 2 s so that a Retry-After of one second is honoured, not cut short.
        _harness = new CopyHarness([source.Host, destination.Host, _proxy.Host], TimeSpan.FromSeconds(2));
    }

    private static CopyOptions Options => new() { RetryTimes = 3, RetryDelay = TimeSpan.FromMilliseconds(50) };

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _proxy.DisposeAsync();
        _harness.Dispose();
        _destinationLog.Dispose();
        _sourceLog.Dispose();
    }

    [Fact]
    public async Task A_blob_GET_reset_mid_body_once_is_resumed_with_a_range_and_the_copy_completes()
    {
        var image = await PushImageAsync("reset");
        var layer = image.Layers[1];
        _proxy.AddRule(BlobGet(layer), Fault.ResetResponse(700_000));

        await CopyAndVerifyAsync(image);

        var gets = _proxy.RequestsMatching(BlobGet(layer));
        Assert.Equal([200, 206], gets.Select(r => r.Status));
        Assert.IsType<ResetResponseFault>(gets[0].Fault);
        Assert.InRange(gets[1].ResponseBodyBytes, layer.Size - 700_000, layer.Size - 1);
    }

    [Fact]
    public async Task A_blob_GET_truncated_once_is_resumed_and_the_copy_completes()
    {
        var image = await PushImageAsync("truncate");
        var layer = image.Layers[0];
        _proxy.AddRule(BlobGet(layer), Fault.TruncateResponse(400_000));

        await CopyAndVerifyAsync(image);

        var gets = _proxy.RequestsMatching(BlobGet(layer));
        Assert.Equal([(200, 400_000L), (206, layer.Size - 400_000)], gets.Select(r => (r.Status!.Value, r.ResponseBodyBytes)));
    }

    [Fact]
    public async Task A_blob_corrupted_on_every_attempt_fails_with_a_digest_mismatch_naming_it_and_no_manifest_is_pushed()
    {
        var image = await PushImageAsync("flip");
        var layer = image.Layers[2];
        _proxy.AddRule(BlobGet(layer), Fault.FlipResponseByte(layer.Size / 2), times: 100);

        var error = await Assert.ThrowsAsync<DigestMismatchException>(() => CopyAsync(image));

        Assert.Contains(layer.Digest.ToString(), error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(_proxy.RequestsMatching(BlobGet(layer)));
        Assert.All(_proxy.RequestsMatching(BlobGet(layer)), r => Assert.IsType<FlipResponseByteFault>(r.Fault));
        await AssertNoManifestAsync(image);
    }

    [Fact]
    public async Task A_blob_GET_answered_503_twice_is_retried_and_the_copy_completes()
    {
        var image = await PushImageAsync("unavailable");
        var layer = image.Layers[0];
        _proxy.AddRule(BlobGet(layer), Fault.Status(503), times: 2);

        await CopyAndVerifyAsync(image);

        Assert.Equal([503, 503, 200], _proxy.RequestsMatching(BlobGet(layer)).Select(r => r.Status));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_blob_GET_answered_503_forever_is_sent_retry_times_plus_one_times_and_the_copy_fails(int retryTimes)
    {
        var image = await PushImageAsync("unavailable-forever-" + retryTimes);
        var layer = image.Layers[0];
        _proxy.AddRule(BlobGet(layer), Fault.Status(503), times: 1000);

        // The HTTP client's own retries are left at their default: inside a blob attempt the engine owns the retries.
        var error = await Assert.ThrowsAnyAsync<OciRegistryException>(() => _harness.Copier.CopyAsync(
            ProxiedSource(image.Repository), Tag, _harness.Destination(_destination, image.Target), Tag,
            new CopyOptions { RetryTimes = retryTimes, RetryDelay = TimeSpan.FromMilliseconds(10) }));

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(retryTimes + 1, _proxy.RequestsMatching(BlobGet(layer)).Count);
        await AssertNoManifestAsync(image);
    }

    [Fact]
    public async Task A_blob_body_that_stops_on_every_GET_is_read_retry_times_plus_one_times_and_fails_naming_the_host_and_the_blob()
    {
        using var harness = new CopyHarness(
            [_source.Host, _destination.Host, _proxy.Host], TimeSpan.FromSeconds(2), o => o.Timeouts.IdleRead = TimeSpan.FromSeconds(1));
        var image = await PushImageAsync("stall");
        var layer = image.Layers[1];
        _proxy.AddRule(BlobGet(layer), Fault.Stall(afterBytes: 100_000), times: 100);

        // Bounded, so that a client without an idle-read timeout fails the test rather than hanging it.
        var error = await Assert.ThrowsAnyAsync<IOException>(() => harness.Copier.CopyAsync(
            harness.Source(_proxy.Host, image.Repository), Tag, harness.Destination(_destination, image.Target), Tag,
            new CopyOptions { RetryTimes = 2, RetryDelay = TimeSpan.FromMilliseconds(10) }).WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.StartsWith($"{_proxy.Host} stopped sending blob {layer.Digest} of {image.Repository}: no byte for 1 s", error.Message, StringComparison.Ordinal);
        Assert.IsType<TimeoutException>(error.InnerException);

        // The first GET and two resumes with a range, each of which stopped: the blob's retries are one budget.
        var gets = _proxy.RequestsMatching(BlobGet(layer));
        Assert.Equal(3, gets.Count);
        Assert.All(gets, g => Assert.IsType<StallFault>(g.Fault));
        await AssertNoManifestAsync(image);
    }

    [Fact]
    public async Task A_blob_GET_answered_429_with_Retry_After_is_waited_out_and_the_copy_completes()
    {
        var image = await PushImageAsync("throttled");
        var layer = image.Layers[1];
        _proxy.AddRule(BlobGet(layer), Fault.Status(429, TimeSpan.FromSeconds(1)));

        await CopyAndVerifyAsync(image);

        Assert.Equal([429, 200], _proxy.RequestsMatching(BlobGet(layer)).Select(r => r.Status));
    }

    [Fact]
    public async Task A_blob_trickling_for_a_second_still_completes_the_copy()
    {
        var image = await PushImageAsync("trickle");
        var layer = image.Layers[2];
        _proxy.AddRule(BlobGet(layer), Fault.Trickle(256 * 1024, TimeSpan.FromSeconds(1)));

        await CopyAndVerifyAsync(image);

        var get = Assert.Single(_proxy.RequestsMatching(BlobGet(layer)));
        Assert.Equal((200, layer.Size), (get.Status!.Value, get.ResponseBodyBytes));
        Assert.IsType<TrickleFault>(get.Fault);
    }

    [Fact]
    public async Task Cancelling_once_a_blob_has_started_stops_the_copy_and_no_manifest_is_pushed()
    {
        var image = await PushImageAsync("cancel");

        // Every blob trickles, so that no transfer can finish before the cancellation lands.
        _proxy.AddRule(RequestMatch.BlobGet, Fault.Trickle(64 * 1024, TimeSpan.FromSeconds(30)), times: 100);
        using var cancellation = new CancellationTokenSource();
        var progress = new CancelOnFirstBytes(cancellation);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _harness.Copier.CopyAsync(
            ProxiedSource(image.Repository), Tag, _harness.Destination(_destination, image.Target), Tag, Options, progress, cancellation.Token));

        Assert.True(progress.Cancelled);
        await AssertNoManifestAsync(image);
    }

    private static RequestMatch BlobGet(Descriptor blob) =>
        RequestMatch.For("GET", p => p.EndsWith("/blobs/" + blob.Digest, StringComparison.Ordinal), $"GET of blob {blob.Digest}");

    private RegistryRepository ProxiedSource(string repository) =>
        _harness.Source(_proxy.Host, repository);

    private Task<CopyResult> CopyAsync(TestImage image) =>
        _harness.Copier.CopyAsync(ProxiedSource(image.Repository), Tag, _harness.Destination(_destination, image.Target), Tag, Options);

    /// <summary>Copies through the proxy and checks the destination holds the source's manifest bytes and every blob intact.</summary>
    private async Task CopyAndVerifyAsync(TestImage image)
    {
        var result = await CopyAsync(image);

        Assert.Equal(image.Manifest.Digest, result.Manifest.Digest);
        var copied = _harness.Source(_destination, image.Target);
        var manifest = await copied.FetchManifestAsync(Tag);
        Assert.Equal(image.Manifest.Content.ToArray(), manifest.Content.ToArray());
        foreach (var blob in (IEnumerable<Descriptor>)[image.Config, .. image.Layers])
        {
            await using var content = await copied.FetchBlobAsync(blob);
            using var sha = SHA256.Create();
            var hash = await sha.ComputeHashAsync(content.Stream);
            Assert.Equal(blob.Digest.ToString(), "sha256:" + Convert.ToHexStringLower(hash));
        }
    }

    private async Task AssertNoManifestAsync(TestImage image) =>
        await Assert.ThrowsAsync<ManifestNotFoundException>(() => _harness.Source(_destination, image.Target).ResolveAsync(Tag));

    /// <summary>Pushes (directly, not through the proxy) an image of a config and three random layers of 1–2 MiB.</summary>
    private async Task<TestImage> PushImageAsync(string name)
    {
        var repository = _source.NewRepository("fault-src-" + name);
        var target = _destination.NewRepository("fault-dst-" + name);
        var pushTo = _harness.Destination(_source, repository);
        var config = await PushBlobAsync(pushTo, """{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"""u8.ToArray(), MediaTypes.OciConfig);
        var layers = new List<Descriptor>();
        foreach (var size in LayerSizes)
        {
            var bytes = new byte[size];
            Random.Shared.NextBytes(bytes);
            layers.Add(await PushBlobAsync(pushTo, bytes, MediaTypes.OciLayerGzip));
        }

        var manifest = Manifest.Create(new ImageManifest { MediaType = MediaTypes.OciManifest, Config = config, Layers = layers });
        await pushTo.PushManifestAsync(manifest, Tag);
        return new TestImage(repository, target, manifest, config, layers);
    }

    private static async Task<Descriptor> PushBlobAsync(RegistryRepository repository, byte[] content, string mediaType)
    {
        var descriptor = Descriptor.FromContent(mediaType, content);
        using var stream = new MemoryStream(content);
        await repository.PushBlobAsync(descriptor, PipeReader.Create(stream));
        return descriptor;
    }

    private sealed record TestImage(string Repository, string Target, Manifest Manifest, Descriptor Config, IReadOnlyList<Descriptor> Layers);

    /// <summary>Cancels the copy synchronously on the first bytes of a blob read from the source.</summary>
    private sealed class CancelOnFirstBytes(CancellationTokenSource cancellation) : IProgress<CopyProgressEvent>
    {
        private int _cancelled;

        public bool Cancelled => Volatile.Read(ref _cancelled) == 1;

        public void Report(CopyProgressEvent value)
        {
            if (value.Kind == CopyProgressKind.BlobBytes && Interlocked.Exchange(ref _cancelled, 1) == 0)
            {
                cancellation.Cancel();
            }
        }
    }
}
