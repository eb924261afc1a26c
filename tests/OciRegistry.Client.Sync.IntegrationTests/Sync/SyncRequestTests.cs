using System.Collections.Concurrent;
using OciRegistry.Client.Sync.IntegrationTests.Support;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using Xunit.Abstractions;

namespace OciRegistry.Client.Sync.IntegrationTests.Sync;

/// <summary>
/// The requests a sync sends per image, counted at the transport against two real registries: the round trips it
/// saves (no HEAD for a tag the destination does not list, no HEAD for a small blob of an absent image) and the ones
/// it overlaps (the two manifest HEADs of an image).
/// </summary>
public sealed class SyncRequestTests : IClassFixture<RegistryFixture>, IClassFixture<DestinationRegistry>, IDisposable
{
    // Larger than the limit below which a blob of an absent image is sent without a HEAD (256 KiB).
    private const int LargeLayer = 300 * 1024;

    private readonly RegistryFixture _source;
    private readonly DestinationRegistry _destination;
    private readonly HeadPairGate _gate;
    private readonly SyncHarness _harness;
    private readonly ProcessLogScope _sourceLog;
    private readonly ProcessLogScope _destinationLog;

    public SyncRequestTests(RegistryFixture source, DestinationRegistry destination, ITestOutputHelper output)
    {
        _source = source;
        _destination = destination;
        _gate = new HeadPairGate(source.Host, destination.Host);
        _harness = new SyncHarness(() => new HeadPairGate.Handler(_gate), source, destination);
        _sourceLog = source.CaptureLog(output);
        _destinationLog = destination.CaptureLog(output);
    }

    [Fact]
    public async Task Into_an_empty_repository_no_manifest_is_looked_up_and_small_blobs_are_sent_without_a_head()
    {
        var repository = _source.NewRepository("requests/cold");
        var pushed = await _harness.PushImagesAsync(_source, repository, ["a", "b", "c"]);
        var prefix = $"{_destination.Host}/{_destination.NewRepository("cold")}";
        _harness.Recorder.Clear();

        var result = await _harness.Syncer.SyncAsync(SyncSource.Registry($"{_source.Host}/{repository}"), SyncDestination.Registry(prefix));

        Assert.Equal(3, result.Copied);
        Assert.All(result.Images, i => Assert.Equal(pushed[i.Source[(i.Source.LastIndexOf(':') + 1)..]], i.SourceDigest));
        Assert.All(result.Images, i => Assert.Equal(i.SourceDigest, i.DestinationDigest));
        var recorder = _harness.Recorder;
        // The destination repository is listed once (it does not exist: no tags), and neither side gets a manifest HEAD.
        Assert.Equal(1, recorder.Count(_destination.Host, "GET", "/tags/list"));
        Assert.Equal(0, recorder.Count(_destination.Host, "HEAD", "/manifests/"));
        Assert.Equal(0, recorder.Count(_source.Host, "HEAD", "/manifests/"));
        // Each source manifest is read once, by tag: the GET the copy needs anyway.
        Assert.Equal(3, recorder.Count(_source.Host, "GET", "/manifests/"));
        Assert.Equal(0, recorder.Count(_source.Host, "GET", "/manifests/sha256:"));
        // Every blob here is small: uploaded without asking first; the shared base layers once, not once per image.
        Assert.Equal(0, recorder.Count(_destination.Host, "HEAD", "/blobs/"));
        Assert.Equal(2 + (2 * 3), recorder.Count(_destination.Host, "POST", "/blobs/uploads/"));
        foreach (var (tag, digest) in pushed)
        {
            Assert.Equal(digest, await _harness.DigestAsync(_destination, $"{prefix[(_destination.Host.Length + 1)..]}/{Name(repository)}", tag));
        }
    }

    [Fact]
    public async Task Listed_tags_are_compared_by_head_and_new_tags_are_copied_without_one_and_large_blobs_are_still_checked()
    {
        var repository = _source.NewRepository("requests/partial");
        await _harness.PushImagesAsync(_source, repository, ["v1", "v2"], baseLayerSize: LargeLayer);
        var prefix = $"{_destination.Host}/{_destination.NewRepository("partial")}";
        var source = SyncSource.Registry($"{_source.Host}/{repository}");
        Assert.Equal(2, (await _harness.Syncer.SyncAsync(source, SyncDestination.Registry(prefix))).Copied);
        var v3 = (await _harness.PushImagesAsync(_source, repository, ["v3"], baseLayerSize: LargeLayer))["v3"];
        _harness.Recorder.Clear();

        var result = await _harness.Syncer.SyncAsync(source, SyncDestination.Registry(prefix));

        Assert.Equal(2, result.Skipped);
        var copied = Assert.Single(result.Images, i => i.Status == SyncImageStatus.Copied);
        Assert.EndsWith(":v3", copied.Source, StringComparison.Ordinal);
        Assert.Equal(v3, copied.DestinationDigest);
        var recorder = _harness.Recorder;
        // v1 and v2 are listed: one HEAD on each side each. v3 is not: no HEAD, one GET by tag.
        Assert.Equal(2, recorder.Count(_destination.Host, "HEAD", "/manifests/"));
        Assert.Equal(2, recorder.Count(_source.Host, "HEAD", "/manifests/"));
        Assert.Equal(1, recorder.Count(_source.Host, "GET", "/manifests/v3"));
        Assert.Equal(1, recorder.Count(_source.Host, "GET", "/manifests/"));
        // v3's large base layers are asked about, found, and neither read nor sent; its small config and layer are sent unasked.
        Assert.Equal(2, recorder.Count(_destination.Host, "HEAD", "/blobs/"));
        Assert.Equal(2, recorder.Count(_destination.Host, "POST", "/blobs/uploads/"));
        Assert.Equal(2, recorder.Count(_source.Host, "GET", "/blobs/"));
        Assert.Equal(v3, await _harness.DigestAsync(_destination, $"{prefix[(_destination.Host.Length + 1)..]}/{Name(repository)}", "v3"));
    }

    [Fact]
    public async Task The_source_and_destination_heads_of_an_image_are_sent_together()
    {
        var repository = _source.NewRepository("requests/overlap");
        var tags = new[] { "o1", "o2", "o3", "o4", "o5" };
        await _harness.PushImagesAsync(_source, repository, tags);
        var prefix = $"{_destination.Host}/{_destination.NewRepository("overlap")}";
        var source = SyncSource.Registry($"{_source.Host}/{repository}");
        Assert.Equal(5, (await _harness.Syncer.SyncAsync(source, SyncDestination.Registry(prefix))).Copied);
        _gate.Arm();

        // Each source HEAD is held until the destination HEAD of the same image has been sent; sent one after the
        // other, the destination's would only go once the source's answered.
        var result = await _harness.Syncer.SyncAsync(source, SyncDestination.Registry(prefix), new SyncOptions { MaxConcurrentImages = 1 });

        Assert.Equal(5, result.Skipped);
        Assert.Empty(_gate.Unpaired);
        Assert.Equal(tags, _gate.Paired.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_destination_that_refuses_the_listing_is_looked_up_by_head()
    {
        var repository = _source.NewRepository("requests/denied");
        var pushed = await _harness.PushImagesAsync(_source, repository, ["d1", "d2"]);
        var prefix = $"{_destination.Host}/{_destination.NewRepository("denied")}";
        var source = SyncSource.Registry($"{_source.Host}/{repository}");
        _gate.DenyDestinationListings = true;
        _harness.Recorder.Clear();

        var first = await _harness.Syncer.SyncAsync(source, SyncDestination.Registry(prefix));

        Assert.Equal(2, first.Copied);
        Assert.Equal(1, _harness.Recorder.Count(_destination.Host, "GET", "/tags/list"));
        // Without the listing each image is looked up: the destination's HEAD answers 404, and the source's digest is copied.
        Assert.Equal(2, _harness.Recorder.Count(_destination.Host, "HEAD", "/manifests/"));
        Assert.Equal(2, _harness.Recorder.Count(_source.Host, "HEAD", "/manifests/"));
        Assert.Equal(2, _harness.Recorder.Count(_source.Host, "GET", "/manifests/sha256:"));
        Assert.All(first.Images, i => Assert.Equal(pushed[i.Source[(i.Source.LastIndexOf(':') + 1)..]], i.DestinationDigest));
        _harness.Recorder.Clear();

        var second = await _harness.Syncer.SyncAsync(source, SyncDestination.Registry(prefix));

        Assert.Equal(2, second.Skipped);
        Assert.Equal(2, _harness.Recorder.Count(_destination.Host, "HEAD", "/manifests/"));
        Assert.DoesNotContain(_harness.Recorder.Requests, r => r.Method is "PUT" or "POST" or "PATCH");
    }

    [Fact]
    public async Task A_destination_listing_with_more_than_a_hundred_tags_per_image_is_not_used()
    {
        var repository = _source.NewRepository("requests/large");
        await _harness.PushImagesAsync(_source, repository, ["l1", "l2"]);
        var source = SyncSource.Registry($"{_source.Host}/{repository}");

        // Two images: a listing of up to 200 tags is used (no HEADs), a longer one is dropped after reading (HEADs).
        _gate.FakeDestinationTags = 200;
        _harness.Recorder.Clear();
        var used = await _harness.Syncer.SyncAsync(source, SyncDestination.Registry($"{_destination.Host}/{_destination.NewRepository("large")}"));
        Assert.Equal(2, used.Copied);
        Assert.Equal(0, _harness.Recorder.Count(_destination.Host, "HEAD", "/manifests/"));

        _gate.FakeDestinationTags = 201;
        _harness.Recorder.Clear();
        var dropped = await _harness.Syncer.SyncAsync(source, SyncDestination.Registry($"{_destination.Host}/{_destination.NewRepository("large")}"));
        Assert.Equal(2, dropped.Copied);
        Assert.Equal(1, _harness.Recorder.Count(_destination.Host, "GET", "/tags/list"));
        Assert.Equal(2, _harness.Recorder.Count(_destination.Host, "HEAD", "/manifests/"));
        Assert.Equal(2, _harness.Recorder.Count(_source.Host, "HEAD", "/manifests/"));
    }

    public void Dispose()
    {
        _harness.Dispose();
        _sourceLog.Dispose();
        _destinationLog.Dispose();
    }

    private static string Name(string repository) => repository[(repository.LastIndexOf('/') + 1)..];

    /// <summary>
    /// Once armed, holds every source manifest HEAD until the destination manifest HEAD of the same tag has been sent,
    /// and records whether it came (a bound of 10 s keeps a failing run from hanging; the assertion is on the order).
    /// With <see cref="DenyDestinationListings"/>, answers the destination's tag listings 403 DENIED, as a registry
    /// does for an account allowed to push but not to list.
    /// </summary>
    private sealed class HeadPairGate(string sourceHost, string destinationHost)
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _destinationSent = new(StringComparer.Ordinal);
        private volatile bool _armed;

        public string SourceHost { get; } = sourceHost;

        public string DestinationHost { get; } = destinationHost;

        public ConcurrentQueue<string> Paired { get; } = new();

        public ConcurrentQueue<string> Unpaired { get; } = new();

        public bool DenyDestinationListings { get; set; }

        /// <summary>When set, the destination's tag listings answer this many made-up tags instead.</summary>
        public int? FakeDestinationTags { get; set; }

        public void Arm() => _armed = true;

        private TaskCompletionSource Signal(string tag) =>
            _destinationSent.GetOrAdd(tag, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        public sealed class Handler(HeadPairGate gate) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var uri = request.RequestUri!;
                if (gate.DenyDestinationListings && $"{uri.Host}:{uri.Port}" == gate.DestinationHost
                    && uri.AbsolutePath.EndsWith("/tags/list", StringComparison.Ordinal))
                {
                    return new HttpResponseMessage(System.Net.HttpStatusCode.Forbidden)
                    {
                        RequestMessage = request,
                        Content = new StringContent("""{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}""", System.Text.Encoding.UTF8, "application/json"),
                    };
                }

                if (gate.FakeDestinationTags is { } count && $"{uri.Host}:{uri.Port}" == gate.DestinationHost
                    && uri.AbsolutePath.EndsWith("/tags/list", StringComparison.Ordinal))
                {
                    var name = uri.AbsolutePath["/v2/".Length..^"/tags/list".Length];
                    var tags = string.Join(",", Enumerable.Range(0, count).Select(i => $"\"other{i}\""));
                    return new HttpResponseMessage(System.Net.HttpStatusCode.OK)
                    {
                        RequestMessage = request,
                        Content = new StringContent($$"""{"name":"{{name}}","tags":[{{tags}}]}""", System.Text.Encoding.UTF8, "application/json"),
                    };
                }

                if (gate._armed && request.Method == HttpMethod.Head && uri.AbsolutePath.Contains("/manifests/", StringComparison.Ordinal))
                {
                    var tag = uri.AbsolutePath[(uri.AbsolutePath.LastIndexOf('/') + 1)..];
                    var host = $"{uri.Host}:{uri.Port}";
                    if (host == gate.DestinationHost)
                    {
                        gate.Signal(tag).TrySetResult();
                    }
                    else if (host == gate.SourceHost)
                    {
                        var signal = gate.Signal(tag).Task;
                        var paired = await Task.WhenAny(signal, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken)) == signal;
                        (paired ? gate.Paired : gate.Unpaired).Enqueue(tag);
                    }
                }

                return await base.SendAsync(request, cancellationToken);
            }
        }
    }
}
