using System.Collections.Concurrent;
using OciRegistry.Client.Sync.IntegrationTests.Support;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using OciRegistry.Client.TestSupport.Tools;
using Xunit.Abstractions;

namespace OciRegistry.Client.Sync.IntegrationTests.Sync;

public sealed class RegistrySyncTests : IClassFixture<RegistryFixture>, IClassFixture<DestinationRegistry>, IDisposable
{
    private readonly RegistryFixture _source;
    private readonly DestinationRegistry _destination;
    private readonly SyncHarness _harness;
    private readonly ProcessLogScope _sourceLog;
    private readonly ProcessLogScope _destinationLog;

    public RegistrySyncTests(RegistryFixture source, DestinationRegistry destination, ITestOutputHelper output)
    {
        _source = source;
        _destination = destination;
        _harness = new SyncHarness(source, destination);
        _sourceLog = source.CaptureLog(output);
        _destinationLog = destination.CaptureLog(output);
    }

    [Fact]
    public async Task A_repository_syncs_every_tag_and_a_second_run_skips_every_image_without_reading_a_blob()
    {
        var repository = _source.NewRepository("sync/all");
        var pushed = await _harness.PushImagesAsync(_source, repository, ["v1", "v2", "v3"]);
        var prefix = $"{_destination.Host}/{_destination.NewRepository("mirror")}";
        var name = repository[(repository.LastIndexOf('/') + 1)..];
        var events = new ConcurrentQueue<SyncProgressEvent>();

        var first = await _harness.Syncer.SyncAsync(SyncSource.Registry($"{_source.Host}/{repository}"), SyncDestination.Registry(prefix));

        Assert.Equal(3, first.Copied);
        Assert.All(first.Images, i => Assert.Equal(i.SourceDigest, i.DestinationDigest));
        foreach (var (tag, digest) in pushed)
        {
            Assert.Equal(digest, await _harness.DigestAsync(_destination, $"{prefix[(_destination.Host.Length + 1)..]}/{name}", tag));
        }

        _harness.Recorder.Clear();
        var second = await _harness.Syncer.SyncAsync(
            SyncSource.Registry($"{_source.Host}/{repository}"),
            SyncDestination.Registry(prefix),
            progress: new SynchronousProgress<SyncProgressEvent>(events.Enqueue));

        Assert.Equal(3, second.Skipped);
        Assert.Equal(3, events.Count(e => e.Kind == SyncProgressKind.ImageSkipped));
        Assert.DoesNotContain(events, e => e.Kind is SyncProgressKind.Copy or SyncProgressKind.ImageCopied);
        Assert.DoesNotContain(_harness.Recorder.Requests, r => r.Path.Contains("/blobs/", StringComparison.Ordinal));
        Assert.DoesNotContain(_harness.Recorder.Requests, r => r.Method is "PUT" or "POST" or "PATCH");
        Assert.DoesNotContain(_harness.Recorder.Requests, r => r.Method == "GET" && r.Path.Contains("/manifests/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_blob_shared_by_many_images_is_uploaded_once()
    {
        var repository = _source.NewRepository("sync/dedupe");
        var tags = Enumerable.Range(0, 12).Select(i => $"t{i}").ToArray();
        await _harness.PushImagesAsync(_source, repository, tags);
        var prefix = $"{_destination.Host}/{_destination.NewRepository("dedupe")}";
        _harness.Recorder.Clear();

        var result = await _harness.Syncer.SyncAsync(
            SyncSource.Registry($"{_source.Host}/{repository}"),
            SyncDestination.Registry(prefix),
            new SyncOptions { MaxConcurrentImages = 6 });

        Assert.Equal(12, result.Copied);
        // 2 shared base layers once, plus a config and a layer per image; no base layer sent twice.
        Assert.Equal(2 + (2 * 12), _harness.Recorder.Count(_destination.Host, "POST", "/blobs/uploads/"));
        Assert.Equal(2 + (2 * 12), result.Images.Sum(i => i.BlobsSent));
    }

    [Fact]
    public async Task Registry_to_dir_to_registry_keeps_every_digest_and_skopeo_reads_both()
    {
        var repository = _source.NewRepository("sync/roundtrip");
        var pushed = await _harness.PushImagesAsync(_source, repository, ["a", "b"]);
        var directory = _destination.CreateScratchDirectory("tree");
        var name = repository[(repository.LastIndexOf('/') + 1)..];

        var toDir = await _harness.Syncer.SyncAsync(SyncSource.Registry($"{_source.Host}/{repository}"), SyncDestination.Directory(directory));
        Assert.Equal(2, toDir.Copied);
        Assert.True(File.Exists(Path.Combine(directory, $"{name}:a", "manifest.json")));

        var prefix = $"{_destination.Host}/{_destination.NewRepository("fromdir")}";
        var toRegistry = await _harness.Syncer.SyncAsync(SyncSource.Directory(directory), SyncDestination.Registry(prefix));

        Assert.Equal(2, toRegistry.Copied);
        var skopeo = Skopeo.Locate();
        var access = _destination.GetSkopeoAccess();
        foreach (var (tag, digest) in pushed)
        {
            Assert.Equal(digest, Digest.Compute((await skopeo.InspectRawAsync($"dir:{Path.Combine(directory, $"{name}:{tag}")}")).Span));
            Assert.Equal(digest, Digest.Compute((await skopeo.InspectRawAsync($"docker://{prefix}/{name}:{tag}", access)).Span));
            Assert.Contains($"\"Digest\": \"{digest}\"", await skopeo.InspectAsync($"docker://{prefix}/{name}:{tag}", access), StringComparison.Ordinal);
        }

        // The same sync again finds every directory holding its image.
        var again = await _harness.Syncer.SyncAsync(SyncSource.Registry($"{_source.Host}/{repository}"), SyncDestination.Directory(directory));
        Assert.Equal(2, again.Skipped);
    }

    [Fact]
    public async Task Yaml_selects_explicit_tags_digests_regexes_and_version_ranges()
    {
        var explicitRepo = _source.NewRepository("yaml/explicit");
        var regexRepo = _source.NewRepository("yaml/regex");
        var semverRepo = _source.NewRepository("yaml/semver");
        var explicitDigests = await _harness.PushImagesAsync(_source, explicitRepo, ["one", "two", "three"]);
        await _harness.PushImagesAsync(_source, regexRepo, ["1.13.1-alpine", "1.13.2-alpine", "1.13.3-alpine", "1.13.1"]);
        await _harness.PushImagesAsync(_source, semverRepo, ["1.1.0", "1.2.0", "v1.9.3", "2.0.0", "latest"]);
        var yaml = $"""
            {_source.Host}:
              tls-verify: false
              images:
                {explicitRepo}:
                  - one
                  - "{explicitDigests["three"]}"
              images-by-tag-regex:
                {regexRepo}: ^1\.13\.[12]-alpine$
              images-by-semver:
                {semverRepo}: ">= 1.2.0 < 2"
            """;
        var prefix = $"{_destination.Host}/{_destination.NewRepository("yaml")}";

        var result = await _harness.Syncer.SyncAsync(SyncSource.ParseYaml(yaml), SyncDestination.Registry(prefix));

        Assert.Equal(3, result.Sources);
        var destinations = result.Images.Select(i => i.Destination).Order(StringComparer.Ordinal).ToArray();
        string Dest(string repo, string rest) => $"docker://{prefix}/{repo[(repo.LastIndexOf('/') + 1)..]}{rest}";
        Assert.Equal(
            new[]
            {
                Dest(explicitRepo, ":one"),
                Dest(explicitRepo, "@" + explicitDigests["three"]),
                Dest(regexRepo, ":1.13.1-alpine"),
                Dest(regexRepo, ":1.13.2-alpine"),
                Dest(semverRepo, ":1.2.0"),
                Dest(semverRepo, ":v1.9.3"),
            }.Order(StringComparer.Ordinal),
            destinations);
        Assert.Equal(6, result.Copied);
        Assert.Equal(explicitDigests["three"], await _harness.DigestAsync(_destination, $"{prefix[(_destination.Host.Length + 1)..]}/{explicitRepo[(explicitRepo.LastIndexOf('/') + 1)..]}", explicitDigests["three"].ToString()));
    }

    [Fact]
    public async Task Scoped_keeps_the_source_path_and_append_suffix_extends_tags()
    {
        var repository = _source.NewRepository("sync/scoped");
        await _harness.PushImagesAsync(_source, repository, ["v1"]);
        var name = repository[(repository.LastIndexOf('/') + 1)..];
        var namespaceName = _destination.NewRepository("scoped");
        var directory = _destination.CreateScratchDirectory("scoped");
        var options = new SyncOptions { Scoped = true, AppendSuffix = "-mirror" };

        // Into a directory the whole source reference is kept, registry and port included (as skopeo).
        var dir = await _harness.Syncer.SyncAsync(SyncSource.Registry($"{_source.Host}/{repository}:v1"), SyncDestination.Directory(directory), options);
        Assert.Equal(SyncImageStatus.Copied, Assert.Single(dir.Images).Status);
        Assert.True(File.Exists(Path.Combine(directory, _source.Host, repository + ":v1-mirror", "manifest.json")));

        // Into a registry a source registry with a port cannot be a path component: refused clearly, as skopeo does.
        var refused = await Assert.ThrowsAsync<SyncException>(() => _harness.Syncer.SyncAsync(
            SyncSource.Registry($"{_source.Host}/{repository}:v1"), SyncDestination.Registry($"{_destination.Host}/{namespaceName}"), options));
        Assert.Contains("port", refused.Message, StringComparison.Ordinal);

        // A tree with a namespace keeps it when scoped, and loses it when not.
        var tree = _destination.CreateScratchDirectory("tree");
        await _harness.Syncer.SyncAsync(SyncSource.Registry($"{_source.Host}/{repository}:v1"), SyncDestination.Directory(Path.Combine(tree, "team")));
        var scoped = await _harness.Syncer.SyncAsync(SyncSource.Directory(tree), SyncDestination.Registry($"{_destination.Host}/{namespaceName}"), options);
        var flat = await _harness.Syncer.SyncAsync(SyncSource.Directory(tree), SyncDestination.Registry($"{_destination.Host}/{namespaceName}"));

        Assert.Equal($"docker://{_destination.Host}/{namespaceName}/team/{name}:v1-mirror", Assert.Single(scoped.Images).Destination);
        Assert.Equal(["v1-mirror"], await _harness.TagsAsync(_destination, $"{namespaceName}/team/{name}"));
        Assert.Equal($"docker://{_destination.Host}/{namespaceName}/{name}:v1", Assert.Single(flat.Images).Destination);
        Assert.Equal(["v1"], await _harness.TagsAsync(_destination, $"{namespaceName}/{name}"));
    }

    [Fact]
    public async Task A_dry_run_writes_nothing_not_even_directories()
    {
        var repository = _source.NewRepository("sync/dry");
        await _harness.PushImagesAsync(_source, repository, ["v1", "v2"]);
        var namespaceName = _destination.NewRepository("dry");
        var directory = Path.Combine(_destination.CreateScratchDirectory("dry"), "not-yet");
        var options = new SyncOptions { DryRun = true };
        _harness.Recorder.Clear();

        var registry = await _harness.Syncer.SyncAsync(SyncSource.Registry($"{_source.Host}/{repository}"), SyncDestination.Registry($"{_destination.Host}/{namespaceName}"), options);
        var dir = await _harness.Syncer.SyncAsync(SyncSource.Registry($"{_source.Host}/{repository}"), SyncDestination.Directory(directory), options);

        Assert.Equal(2, registry.WouldCopy);
        Assert.Equal(2, dir.WouldCopy);
        Assert.False(Directory.Exists(directory));
        Assert.DoesNotContain(_harness.Recorder.Requests, r => r.Method is "PUT" or "POST" or "PATCH" or "DELETE");
        Assert.Empty(await _harness.TagsAsync(_destination, $"{namespaceName}/{repository[(repository.LastIndexOf('/') + 1)..]}"));
    }

    [Fact]
    public async Task A_yaml_repository_whose_tags_cannot_be_listed_is_skipped_and_the_rest_synced()
    {
        var repository = _source.NewRepository("yaml/present");
        var gone = _source.NewRepository("yaml/gone");
        await _harness.PushImagesAsync(_source, repository, ["a", "b"]);
        var yaml = SyncSource.ParseYaml($"""
            {_source.Host}:
              images:
                {gone}: []
                {repository}: []
              images-by-tag-regex:
                {gone}: ^v
            """);
        var prefix = $"{_destination.Host}/{_destination.NewRepository("skip")}";

        var result = await _harness.Syncer.SyncAsync(yaml, SyncDestination.Registry(prefix));

        Assert.True(result.Succeeded);
        Assert.Equal(2, result.Copied);
        Assert.All(result.Images, i => Assert.Contains(repository, i.Source, StringComparison.Ordinal));

        var nothing = SyncSource.ParseYaml($"""
            {_source.Host}:
              images:
                {gone}: []
            """);
        var error = await Assert.ThrowsAsync<SyncException>(() => _harness.Syncer.SyncAsync(nothing, SyncDestination.Registry(prefix)));
        Assert.Contains("No images to sync found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keep_going_copies_the_rest_and_reports_every_failure_and_without_it_the_first_failure_stops_the_sync()
    {
        var repository = _source.NewRepository("sync/broken");
        await _harness.PushImagesAsync(_source, repository, ["good1", "good2"]);
        var yaml = SyncSource.ParseYaml($"""
            {_source.Host}:
              images:
                {repository}: [good1, missing, good2]
            """);
        var prefix = $"{_destination.Host}/{_destination.NewRepository("broken")}";

        var result = await _harness.Syncer.SyncAsync(yaml, SyncDestination.Registry(prefix), new SyncOptions { KeepGoing = true });

        Assert.False(result.Succeeded);
        Assert.Equal(2, result.Copied);
        var failed = Assert.Single(result.Images, i => i.Status == SyncImageStatus.Failed);
        Assert.EndsWith(":missing", failed.Source, StringComparison.Ordinal);
        Assert.IsType<ManifestNotFoundException>(failed.Error);

        var stopped = await Assert.ThrowsAsync<SyncException>(() => _harness.Syncer.SyncAsync(
            yaml, SyncDestination.Registry(prefix + "x"), new SyncOptions { MaxConcurrentImages = 1 }));
        Assert.Contains(":missing", stopped.Message, StringComparison.Ordinal);
        Assert.IsType<ManifestNotFoundException>(stopped.InnerException);
        Assert.NotNull(stopped.Result);
    }

    [Fact]
    public async Task Three_shards_together_sync_every_image_exactly_once_and_a_rerun_of_a_shard_copies_nothing()
    {
        var repository = _source.NewRepository("sync/shards");
        var tags = Enumerable.Range(0, 15).Select(i => $"s{i}").ToArray();
        await _harness.PushImagesAsync(_source, repository, tags);
        var prefix = $"{_destination.Host}/{_destination.NewRepository("shards")}";
        var source = SyncSource.Registry($"{_source.Host}/{repository}");

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(k =>
            _harness.Syncer.SyncAsync(source, SyncDestination.Registry(prefix), new SyncOptions { Shard = new SyncShard(k, 3) })));

        var copied = runs.SelectMany(r => r.Images).Where(i => i.Status == SyncImageStatus.Copied).Select(i => i.Source).ToArray();
        Assert.Equal(15, copied.Length);
        Assert.Equal(15, copied.Distinct(StringComparer.Ordinal).Count());
        Assert.All(runs, r => Assert.NotEmpty(r.Images));
        var name = repository[(repository.LastIndexOf('/') + 1)..];
        Assert.Equal(tags.Order(StringComparer.Ordinal), await _harness.TagsAsync(_destination, $"{prefix[(_destination.Host.Length + 1)..]}/{name}"));

        var rerun = await _harness.Syncer.SyncAsync(source, SyncDestination.Registry(prefix), new SyncOptions { Shard = new SyncShard(1, 3) });
        Assert.Equal(runs[1].Images.Select(i => i.Source), rerun.Images.Select(i => i.Source));
        Assert.All(rerun.Images, i => Assert.Equal(SyncImageStatus.SkippedUnchanged, i.Status));
    }

    [Fact]
    public async Task Tag_filters_of_the_command_line_select_listed_tags()
    {
        var repository = _source.NewRepository("sync/filters");
        await _harness.PushImagesAsync(_source, repository, ["v1.0", "v1.1-rc1", "v2.0", "latest"]);

        var result = await _harness.Syncer.SyncAsync(
            SyncSource.Registry($"{_source.Host}/{repository}"),
            SyncDestination.Registry($"{_destination.Host}/{_destination.NewRepository("filters")}"),
            new SyncOptions { IncludeTagRegex = "^v", ExcludeTagRegex = "-rc", DryRun = true });

        Assert.Equal([":v1.0", ":v2.0"], result.Images.Select(i => i.Source[i.Source.LastIndexOf(':')..]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Refuses_dir_to_dir_an_empty_source_and_a_directory_in_the_way()
    {
        var empty = _destination.CreateScratchDirectory("empty");
        var dirToDir = await Assert.ThrowsAsync<SyncException>(() => _harness.Syncer.SyncAsync(SyncSource.Directory(empty), SyncDestination.Directory(empty)));
        Assert.Contains("directory to a directory", dirToDir.Message, StringComparison.Ordinal);

        var none = await Assert.ThrowsAsync<SyncException>(() => _harness.Syncer.SyncAsync(SyncSource.Directory(empty), SyncDestination.Registry(_destination.Host)));
        Assert.Contains("No images to sync found", none.Message, StringComparison.Ordinal);

        var repository = _source.NewRepository("sync/inway");
        await _harness.PushImagesAsync(_source, repository, ["v1"]);
        var directory = _destination.CreateScratchDirectory("inway");
        Directory.CreateDirectory(Path.Combine(directory, repository[(repository.LastIndexOf('/') + 1)..] + ":v1"));
        var result = await _harness.Syncer.SyncAsync(
            SyncSource.Registry($"{_source.Host}/{repository}"), SyncDestination.Directory(directory), new SyncOptions { KeepGoing = true });
        var refused = Assert.Single(result.Images);
        Assert.Equal(SyncImageStatus.Failed, refused.Status);
        Assert.Contains("Refusing to overwrite destination directory", refused.Error!.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _harness.Dispose();
        _sourceLog.Dispose();
        _destinationLog.Dispose();
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
