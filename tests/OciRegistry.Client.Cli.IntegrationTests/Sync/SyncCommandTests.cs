using OciRegistry.Client.Cli.IntegrationTests.Support;
using OciRegistry.Client.Models;
using OciRegistry.Client.TestSupport.Tools;
using OciRegistry.Client.TestSupport.Logging;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Sync;

/// <summary><c>ocireg sync</c> run as real processes: shards split the work, a rerun touches nothing, a dry run writes nothing.</summary>
public sealed class SyncCommandTests(PlainRegistry fixture, ITestOutputHelper output) : IClassFixture<PlainRegistry>, IDisposable
{
    private static readonly string[] Tags = ["t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"];

    private readonly ProcessLogScope _log = fixture.Registry.CaptureLog(output);
    private readonly Ocireg _ocireg = new(output);

    [Fact]
    public async Task Three_shard_processes_together_sync_every_image_exactly_once_and_a_rerun_skips_them_all()
    {
        var source = await fixture.PushNewAsync("sync-src", Tags);
        var prefix = $"{fixture.Registry.Host}/{fixture.Registry.NewRepository("sync-dst")}";
        var digestFiles = Enumerable.Range(0, 3).Select(k => _ocireg.PathInHome($"shard-{k}")).ToList();

        // Shard indexes count from 0, as a Kubernetes Indexed Job's completion index does.
        var shards = await Task.WhenAll(Enumerable.Range(0, 3).Select(k => _ocireg.RunAsync(
            "sync", "--src", "docker", "--dest", "docker", "--src-tls-verify=false", "--dest-tls-verify=false",
            "--shard", $"{k}/3", "--digestfile", digestFiles[k], $"{fixture.Registry.Host}/{source.Repository}", prefix)));

        Assert.All(shards, s => Assert.True(s.ExitCode == 0, s.ToString()));
        var lines = digestFiles.Where(File.Exists).SelectMany(File.ReadAllLines).Where(l => l.Length > 0).ToList();
        var destinations = lines.Select(l => l.Split(' ')[1]).ToList();
        Assert.Equal(Tags.Length, destinations.Count);
        Assert.Equal(Tags.Length, destinations.Distinct(StringComparer.Ordinal).Count());
        Assert.All(lines, l => Assert.StartsWith(source.ManifestDigest.ToString() + " docker://", l, StringComparison.Ordinal));
        Assert.Equal(Tags.Order(StringComparer.Ordinal), destinations.Select(d => d[(d.LastIndexOf(':') + 1)..]).Order(StringComparer.Ordinal));

        var rerun = await _ocireg.SucceedAsync(
            "sync", "--src", "docker", "--dest", "docker", "--src-tls-verify=false", "--dest-tls-verify=false",
            $"{fixture.Registry.Host}/{source.Repository}", prefix);

        Assert.Equal(Tags.Length, rerun.ErrorLines.Count(l => l.StartsWith("Skipped", StringComparison.Ordinal)));
        Assert.DoesNotContain(rerun.ErrorLines, l => l.StartsWith("Copied", StringComparison.Ordinal));
        Assert.Empty(rerun.StandardOutputBytes);
    }

    [Fact]
    public async Task A_dry_run_into_a_directory_writes_nothing()
    {
        var source = await fixture.PushNewAsync("sync-dry", "v1", "v2");
        var directory = _ocireg.PathInHome("dry");

        var result = await _ocireg.SucceedAsync(
            "sync", "--src", "docker", "--dest", "dir", "--src-tls-verify=false", "--dry-run",
            $"{fixture.Registry.Host}/{source.Repository}", directory);

        Assert.False(Directory.Exists(directory));
        Assert.Equal(2, result.ErrorLines.Count(l => l.StartsWith("Would have copied", StringComparison.Ordinal)));
        // skopeo 1.9.3's words: "Would have copied image ref 1/2" from="docker://…" to="…".
        Assert.Contains(result.ErrorLines, l => l.StartsWith("Would have copied image ref 1/2 from=\"docker://", StringComparison.Ordinal));
        Assert.Contains("Would have synced 2 images from 1 sources", result.ErrorLines);
    }

    [Fact]
    public async Task A_docker_image_synced_and_copied_as_oci_records_its_source_and_a_rerun_of_the_sync_skips_it()
    {
        var sample = await fixture.PushNewAsync("sync-record", "v1");
        var registry = fixture.Registry;
        var dockerRepository = registry.NewRepository("sync-record-docker");
        var docker = await Skopeo.Locate().CopyAsync(
            registry.DockerReference(sample.Repository, "v1"), registry.DockerReference(dockerRepository, "v1"),
            registry.GetSkopeoAccess(), registry.GetSkopeoAccess(), CancellationToken.None, "--format", "v2s2");
        var prefix = $"{registry.Host}/{registry.NewRepository("sync-record-dst")}";
        string[] sync = ["sync", "--src", "docker", "--dest", "docker", "--src-tls-verify=false", "--dest-tls-verify=false", "--format", "oci", $"{registry.Host}/{dockerRepository}", prefix];

        var first = await _ocireg.SucceedAsync(sync);
        var rerun = await _ocireg.SucceedAsync(sync);

        Assert.Single(first.ErrorLines, l => l.StartsWith("Copied", StringComparison.Ordinal));
        Assert.Single(rerun.ErrorLines, l => l.StartsWith("Skipped", StringComparison.Ordinal));
        Assert.DoesNotContain(rerun.ErrorLines, l => l.StartsWith("Copied", StringComparison.Ordinal));
        var synced = Manifest.Parse(await Skopeo.Locate().InspectRawAsync($"docker://{prefix}/{dockerRepository[(dockerRepository.LastIndexOf('/') + 1)..]}:v1", registry.GetSkopeoAccess()));
        Assert.Equal(MediaTypes.OciManifest, synced.MediaType);
        Assert.Equal(docker.ToString(), synced.Image!.Annotations!["io.ociregistry.client.source.digest"]);
        Assert.Equal("format=oci", synced.Image.Annotations["io.ociregistry.client.source.selection"]);

        // A copy records the same: the two write the same manifest.
        var copyTarget = registry.NewRepository("sync-record-copy");
        await _ocireg.SucceedAsync(
            "copy", "--format", "oci", "--src-tls-verify=false", "--dest-tls-verify=false",
            registry.DockerReference(dockerRepository, "v1"), registry.DockerReference(copyTarget, "v1"));
        var copied = Manifest.Parse(await Skopeo.Locate().InspectRawAsync(registry.DockerReference(copyTarget, "v1"), registry.GetSkopeoAccess()));
        Assert.Equal(synced.Digest, copied.Digest);
    }

    public void Dispose()
    {
        _ocireg.Dispose();
        _log.Dispose();
    }
}
