using System.Net.Http.Headers;
using System.Text.Json;
using OciRegistry.Client.Sync.IntegrationTests.Support;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using Xunit.Abstractions;

namespace OciRegistry.Client.Sync.IntegrationTests.Sync;

/// <summary>
/// What a mirror operator relies on, against two real registries: a whole namespace read through the catalog,
/// pruning exactly what left the source, immutable tags with no look-up, the pull-budget stop, the report's fields
/// against what the registry holds, and a failed shard re-run.
/// </summary>
public sealed class MirrorSyncTests : IClassFixture<RegistryFixture>, IClassFixture<DestinationRegistry>, IDisposable
{
    private readonly RegistryFixture _source;
    private readonly DestinationRegistry _destination;
    private readonly BudgetHeaders _budget = new();
    private readonly SyncHarness _harness;
    private readonly ProcessLogScope _sourceLog;
    private readonly ProcessLogScope _destinationLog;

    public MirrorSyncTests(RegistryFixture source, DestinationRegistry destination, ITestOutputHelper output)
    {
        _source = source;
        _destination = destination;
        _harness = new SyncHarness(() => new BudgetHeaders.Handler(_budget, source.Host), source, destination);
        _sourceLog = source.CaptureLog(output);
        _destinationLog = destination.CaptureLog(output);
    }

    [Fact]
    public async Task A_namespace_is_read_through_the_catalog_and_only_repositories_the_regex_selects_are_synced_under_their_paths()
    {
        var ns = _source.NewRepository("catalog");
        var a = await _harness.PushImagesAsync(_source, $"{ns}/team/a", ["1", "2"]);
        var b = await _harness.PushImagesAsync(_source, $"{ns}/team/b", ["1"]);
        await _harness.PushImagesAsync(_source, $"{ns}/other", ["1"]);
        var prefix = _destination.NewRepository("whole");

        var result = await _harness.Syncer.SyncAsync(
            SyncSource.Catalog($"{_source.Host}/{ns}"),
            SyncDestination.Registry($"{_destination.Host}/{prefix}"),
            new SyncOptions { IncludeRepositoryRegex = "^team/" });

        Assert.Equal(3, result.Copied);
        Assert.Equal(["1", "2"], await _harness.TagsAsync(_destination, $"{prefix}/team/a"));
        Assert.Equal(a["2"], await _harness.DigestAsync(_destination, $"{prefix}/team/a", "2"));
        Assert.Equal(b["1"], await _harness.DigestAsync(_destination, $"{prefix}/team/b", "1"));
        Assert.Empty(await _harness.TagsAsync(_destination, $"{prefix}/other"));
    }

    [Fact]
    public async Task Prune_lists_first_in_a_dry_run_then_deletes_exactly_the_tags_that_left_the_source_and_keeps_signature_tags()
    {
        var repository = _source.NewRepository("prune/app");
        var tags = Enumerable.Range(1, 12).Select(i => $"v{i}").ToList();
        await _harness.PushImagesAsync(_source, repository, tags);
        var prefix = _destination.NewRepository("prune");
        var target = $"{prefix}/{Name(repository)}";
        var source = SyncSource.Registry($"{_source.Host}/{repository}");
        var destination = SyncDestination.Registry($"{_destination.Host}/{prefix}");
        Assert.Equal(12, (await _harness.Syncer.SyncAsync(source, destination)).Copied);
        // Tags only the destination has: one left the source, one is a signature tag, which is never pruned.
        await _harness.PushImagesAsync(_destination, target, ["gone", "sha256-0123.sig"], baseSeed: 7);

        var dry = await _harness.Syncer.SyncAsync(source, destination, new SyncOptions { Prune = true, DryRun = true });

        Assert.Equal(SyncImageStatus.WouldPrune, dry.Images[0].Status);
        Assert.Equal($"docker://{_destination.Host}/{target}:gone", dry.Images[0].Destination);
        Assert.Equal(1, dry.WouldPrune);
        Assert.Contains("gone", await _harness.TagsAsync(_destination, target));

        var result = await _harness.Syncer.SyncAsync(source, destination, new SyncOptions { Prune = true });

        Assert.Equal(1, result.Pruned);
        Assert.Equal(12, result.Skipped);
        var left = await _harness.TagsAsync(_destination, target);
        Assert.Equal([.. tags.Append("sha256-0123.sig").Order(StringComparer.Ordinal)], left);
    }

    [Fact]
    public async Task Prune_refuses_more_deletions_than_the_limit_and_deletes_nothing()
    {
        var repository = _source.NewRepository("prune/cap");
        await _harness.PushImagesAsync(_source, repository, ["keep"]);
        var prefix = _destination.NewRepository("cap");
        var target = $"{prefix}/{Name(repository)}";
        await _harness.PushImagesAsync(_destination, target, ["old1", "old2", "old3"], baseSeed: 9);

        var error = await Assert.ThrowsAsync<SyncException>(() => _harness.Syncer.SyncAsync(
            SyncSource.Registry($"{_source.Host}/{repository}"),
            SyncDestination.Registry($"{_destination.Host}/{prefix}"),
            new SyncOptions { Prune = true, PruneMax = 2 }));

        Assert.Contains("Refusing to prune", error.Message, StringComparison.Ordinal);
        Assert.Equal(["old1", "old2", "old3"], await _harness.TagsAsync(_destination, target));
    }

    [Fact]
    public async Task Immutable_tags_the_destination_lists_are_trusted_without_a_head_on_either_side()
    {
        var repository = _source.NewRepository("immutable/app");
        await _harness.PushImagesAsync(_source, repository, ["1.0.0", "1.0.1", "1.1.0", "latest"]);
        var prefix = $"{_destination.Host}/{_destination.NewRepository("immutable")}";
        var source = SyncSource.Registry($"{_source.Host}/{repository}");
        Assert.Equal(4, (await _harness.Syncer.SyncAsync(source, SyncDestination.Registry(prefix))).Copied);
        _harness.Recorder.Clear();

        var result = await _harness.Syncer.SyncAsync(source, SyncDestination.Registry(prefix), new SyncOptions { ImmutableTagRegex = @"^v?\d+\.\d+\.\d+$" });

        Assert.Equal(4, result.Skipped);
        var recorder = _harness.Recorder;
        // "latest" is not immutable: one HEAD each side. The three versions: none.
        Assert.Equal(1, recorder.Count(_source.Host, "HEAD", "/manifests/"));
        Assert.Equal(1, recorder.Count(_destination.Host, "HEAD", "/manifests/"));
        Assert.Equal(1, recorder.Count(_destination.Host, "GET", "/tags/list"));
        Assert.Equal(0, recorder.Count(_source.Host, "GET", "/manifests/"));
    }

    [Fact]
    public async Task The_budget_stop_leaves_the_images_it_did_not_start_deferred_and_the_sync_unsuccessful()
    {
        var repository = _source.NewRepository("budget/app");
        await _harness.PushImagesAsync(_source, repository, ["a", "b", "c", "d", "e"]);
        var prefix = $"{_destination.Host}/{_destination.NewRepository("budget")}";
        _budget.Start(limit: 100, remaining: 12);

        var result = await _harness.Syncer.SyncAsync(
            SyncSource.Registry($"{_source.Host}/{repository}"),
            SyncDestination.Registry(prefix),
            new SyncOptions { MinRemainingPulls = 10, MaxConcurrentImages = 1 });

        // 12 left: the first copy spends one (11), the second one more (10); a third would go below 10.
        Assert.Equal(2, result.Copied);
        Assert.Equal(3, result.Deferred);
        Assert.False(result.Succeeded);
        var seen = Assert.Single(result.PullBudgets);
        Assert.Equal(100, seen.Limit);
        Assert.Equal(10, seen.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(21600), seen.Window);
    }

    [Fact]
    public async Task The_report_holds_each_image_as_the_registry_holds_it_and_the_totals()
    {
        var repository = _source.NewRepository("report/app");
        // Base layers above the size sent unasked, so that y finds the ones x brought.
        var pushed = await _harness.PushImagesAsync(_source, repository, ["x", "y"], baseLayerSize: 300 * 1024);
        var prefix = _destination.NewRepository("report");
        var source = SyncSource.Registry($"{_source.Host}/{repository}");
        var destination = SyncDestination.Registry($"{_destination.Host}/{prefix}");
        await _harness.Syncer.SyncAsync(source, destination, new SyncOptions { IncludeTagRegex = "^x$" });
        var path = Path.Combine(Path.GetTempPath(), $"sync-report-{Guid.NewGuid():N}.json");
        try
        {
            await _harness.Syncer.SyncAsync(source, destination, new SyncOptions { ReportPath = path });

            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(path));
            var root = report.RootElement;
            Assert.Equal(SyncReport.Schema, root.GetProperty("schema").GetString());
            Assert.True(root.GetProperty("completed").GetBoolean());
            Assert.True(root.GetProperty("ended").GetDateTimeOffset() >= root.GetProperty("started").GetDateTimeOffset());
            Assert.Equal("registry", root.GetProperty("destination").GetProperty("kind").GetString());
            Assert.False(root.GetProperty("options").GetProperty("dryRun").GetBoolean());
            var images = root.GetProperty("images").EnumerateArray().ToDictionary(i => i.GetProperty("destination").GetString()!);
            foreach (var (tag, status) in new[] { ("x", "unchanged"), ("y", "copied") })
            {
                var entry = images[$"docker://{_destination.Host}/{prefix}/{Name(repository)}:{tag}"];
                Assert.Equal(status, entry.GetProperty("status").GetString());
                Assert.Equal($"docker://{_source.Host}/{repository}:{tag}", entry.GetProperty("source").GetString());
                var held = await _harness.DigestAsync(_destination, $"{prefix}/{Name(repository)}", tag);
                Assert.Equal(pushed[tag].ToString(), entry.GetProperty("sourceDigest").GetString());
                Assert.Equal(held!.ToString(), entry.GetProperty("destinationDigest").GetString());
                Assert.True(entry.GetProperty("durationMs").GetInt64() >= 0);
            }

            var copied = images[$"docker://{_destination.Host}/{prefix}/{Name(repository)}:y"];
            // y's own layer and config were sent; the two base layers x brought were found present.
            Assert.Equal(2, copied.GetProperty("blobsSent").GetInt32());
            Assert.Equal(2, copied.GetProperty("blobsSkipped").GetInt32() + copied.GetProperty("blobsMounted").GetInt32());
            Assert.True(copied.GetProperty("bytesSent").GetInt64() > 3_000);
            var totals = root.GetProperty("totals");
            Assert.Equal(2, totals.GetProperty("images").GetInt32());
            Assert.Equal(1, totals.GetProperty("copied").GetInt32());
            Assert.Equal(1, totals.GetProperty("unchanged").GetInt32());
            Assert.Equal(copied.GetProperty("bytesSent").GetInt64(), totals.GetProperty("bytesSent").GetInt64());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_failed_shard_run_again_copies_only_what_it_missed()
    {
        var repository = _source.NewRepository("shards/app");
        var tags = Enumerable.Range(0, 16).Select(i => $"t{i:D2}").ToList();
        await _harness.PushImagesAsync(_source, repository, tags);
        var prefix = $"{_destination.Host}/{_destination.NewRepository("shards")}";
        var source = SyncSource.Registry($"{_source.Host}/{repository}");
        var shard0 = new SyncOptions { Shard = SyncShard.Parse("0/2"), KeepGoing = true };
        var shard1 = new SyncOptions { Shard = SyncShard.Parse("1/2"), KeepGoing = true };
        Assert.True((await _harness.Syncer.SyncAsync(source, SyncDestination.Registry(prefix), shard0)).Succeeded);
        // Shard 1 fails on every image: its budget is spent before it starts.
        _budget.Start(limit: 100, remaining: 0);
        var failed = await _harness.Syncer.SyncAsync(source, SyncDestination.Registry(prefix), new SyncOptions { Shard = shard1.Shard, MinRemainingPulls = 1, MaxConcurrentImages = 1 });
        Assert.False(failed.Succeeded);
        var missing = failed.Images.Count(i => i.Status == SyncImageStatus.Deferred);
        Assert.True(missing > 0);
        _budget.Stop();

        var rerun = await _harness.Syncer.SyncAsync(source, SyncDestination.Registry(prefix), shard1);

        Assert.True(rerun.Succeeded);
        Assert.Equal(failed.Copied + missing, rerun.Copied + rerun.Skipped);
        Assert.Equal(failed.Copied, rerun.Skipped);
        Assert.Equal(missing, rerun.Copied);
        Assert.Equal(tags, await _harness.TagsAsync(_destination, $"{prefix[(_destination.Host.Length + 1)..]}/{Name(repository)}"));
    }

    public void Dispose()
    {
        _harness.Dispose();
        _sourceLog.Dispose();
        _destinationLog.Dispose();
    }

    private static string Name(string repository) => repository[(repository.LastIndexOf('/') + 1)..];

    /// <summary>
    /// Docker Hub's pull budget in front of a real registry: every manifest GET to the source answers with
    /// <c>RateLimit-Limit: L;w=21600</c> and a <c>RateLimit-Remaining</c> that goes down by one per GET.
    /// </summary>
    private sealed class BudgetHeaders
    {
        private long _limit;
        private long _remaining = -1;

        public void Start(long limit, long remaining)
        {
            _limit = limit;
            Interlocked.Exchange(ref _remaining, remaining);
        }

        public void Stop() => Interlocked.Exchange(ref _remaining, -1);

        public sealed class Handler(BudgetHeaders budget, string host) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                var uri = request.RequestUri!;
                if (request.Method == HttpMethod.Get && uri.AbsolutePath.Contains("/manifests/", StringComparison.Ordinal)
                    && $"{uri.Host}:{uri.Port}" == host && Interlocked.Read(ref budget._remaining) >= 0)
                {
                    var left = Math.Max(0, Interlocked.Decrement(ref budget._remaining));
                    response.Headers.TryAddWithoutValidation("RateLimit-Limit", $"{budget._limit};w=21600");
                    response.Headers.TryAddWithoutValidation("RateLimit-Remaining", $"{left};w=21600");
                }

                return response;
            }
        }
    }
}
