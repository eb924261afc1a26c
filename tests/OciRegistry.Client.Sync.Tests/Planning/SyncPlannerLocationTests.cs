using Microsoft.Extensions.Logging.Abstractions;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Http;
using OciRegistry.Client.Sync.Planning;

namespace OciRegistry.Client.Sync.Tests.Planning;

/// <summary>The work list names both sides of each image as locations, whose texts are the ones skopeo prints.</summary>
public sealed class SyncPlannerLocationTests : IDisposable
{
    private const string Sha256 = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

    private readonly OciRegistryClient _client = OciRegistryClient.Create();
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"ocireg-plan-{Guid.NewGuid():N}");

    [Fact]
    public async Task Explicit_tags_and_digests_of_a_file_go_to_a_registry_by_tag_and_by_digest()
    {
        var file = SyncSource.ParseYaml($"registry.test:\n  images:\n    team/app: [v1, \"{Sha256}\"]\n");

        var plan = await Planner(scoped: false, suffix: "-m").PlanAsync(file, SyncDestination.Registry("mirror.test:5000/ns"), CancellationToken.None);

        Assert.Equal(
            [
                ("docker://registry.test/team/app:v1", "docker://mirror.test:5000/ns/app:v1-m"),
                ("docker://registry.test/team/app@" + Sha256, "docker://mirror.test:5000/ns/app@" + Sha256),
            ],
            plan.Items.Select(i => (i.Source, i.Destination)));
        var byTag = plan.Items[0];
        Assert.Equal(ImageTransport.Registry, byTag.From.Transport);
        Assert.Equal("v1", byTag.From.SourceReference);
        Assert.Equal("v1-m", byTag.To.DestinationTag);
        Assert.Null(plan.Items[1].To.DestinationTag);
        Assert.Equal(Sha256, plan.Items[1].To.SourceReference);
    }

    [Fact]
    public async Task A_scoped_directory_destination_keeps_the_source_path_and_takes_a_colon_in_its_name()
    {
        var file = SyncSource.ParseYaml("registry.test:\n  images:\n    team/app: [v1]\n");

        var plan = await Planner(scoped: true).PlanAsync(file, SyncDestination.Directory(_root), CancellationToken.None);

        var item = Assert.Single(plan.Items);
        var path = Path.Combine(_root, "registry.test/team/app:v1");
        Assert.Equal(ImageLocation.Directory(path), item.To);
        Assert.Equal("dir:" + path, item.Destination);
        Assert.Null(item.To.DestinationTag);
    }

    [Fact]
    public async Task Image_directories_of_a_tree_are_read_as_dir_locations()
    {
        var image = Path.Combine(_root, "app:v1");
        Directory.CreateDirectory(image);
        await File.WriteAllTextAsync(Path.Combine(image, "manifest.json"), "{}");

        var plan = await Planner(scoped: false).PlanAsync(SyncSource.Directory(_root), SyncDestination.Registry("mirror.test"), CancellationToken.None);

        var item = Assert.Single(plan.Items);
        Assert.Equal(ImageLocation.Directory(image), item.From);
        Assert.Equal(string.Empty, item.From.SourceReference);
        Assert.Equal("docker://mirror.test/app:v1", item.Destination);
    }

    public void Dispose()
    {
        _client.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private SyncPlanner Planner(bool scoped, string suffix = "") =>
        new(_client, new SyncSettings(scoped, suffix, false, false, true, false, 4, 4, null, null, null, new CopyOptions()), NullLogger.Instance);
}
