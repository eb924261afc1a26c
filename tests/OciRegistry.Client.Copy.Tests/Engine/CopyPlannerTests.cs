using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OciRegistry.Client.Content;
using OciRegistry.Client.Copy.Engine;
using OciRegistry.Client.Copy.Tests.Support;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Tests.Engine;

/// <summary>
/// The planner's rules over an in-memory tree of manifests, without a destination, pipes or retries: what is copied,
/// in what order it is written, what is converted, and what is refused.
/// </summary>
public sealed class CopyPlannerTests
{
    private static readonly ImageStoreDescription OciOnly = ImageStoreDescription.HoldingOnly(ManifestFormat.Oci, "a test store, which holds OCI manifests only");

    [Fact]
    public async Task An_index_plans_each_shared_blob_once_and_writes_every_instance_before_the_index()
    {
        var source = new InMemoryImageStore();
        var shared = TestImage.AddLayer(source, 5000, 1);
        var (index, images) = TestImage.AddIndex(source, ["linux/amd64", "linux/arm64"], shared, tag: "v1");

        var plan = await PlanAsync(source, "v1", o => o.MultiArch = MultiArchMode.All);

        Assert.Equal(index.Digest, plan.Source.Digest);
        Assert.Equal([images[0].Digest, images[1].Digest, index.Digest], plan.Manifests.Select(m => m.Written.Digest));
        Assert.Same(plan.Root, plan.Manifests[^1]);
        Assert.Equal(5, plan.Blobs.Count);
        Assert.Single(plan.Blobs, b => b.Digest == shared.Digest);
        Assert.Empty(plan.GeneratedBlobs);
        Assert.All(plan.Manifests, m => Assert.Same(m.Source, m.Written));
    }

    [Fact]
    public async Task The_system_platform_plans_its_instance_alone_and_not_the_index()
    {
        var source = new InMemoryImageStore();
        var (_, images) = TestImage.AddIndex(source, ["linux/amd64", "linux/arm64/v8"], TestImage.AddLayer(source, 100, 1), tag: "v1");

        var plan = await PlanAsync(source, "v1", o => o.SystemPlatform = Platform.Parse("linux/arm64/v8"));

        var only = Assert.Single(plan.Manifests);
        Assert.Equal(images[1].Digest, only.Written.Digest);
        Assert.Equal("linux/arm64/v8", only.Platform!.ToString());
        Assert.Equal(images[1].References.Select(r => r.Digest), plan.Blobs.Select(b => b.Digest));
    }

    [Fact]
    public async Task An_index_without_the_system_platform_is_refused_naming_the_platforms_it_has()
    {
        var source = new InMemoryImageStore();
        TestImage.AddIndex(source, ["linux/amd64", "linux/arm64"], TestImage.AddLayer(source, 100, 1), tag: "v1");

        var error = await Assert.ThrowsAsync<ImageCopyException>(() => PlanAsync(source, "v1", o => o.SystemPlatform = Platform.Parse("linux/s390x")));

        Assert.Contains("linux/s390x", error.Message, StringComparison.Ordinal);
        Assert.Contains("linux/amd64, linux/arm64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subset_of_platforms_writes_a_new_index_listing_only_them()
    {
        var source = new InMemoryImageStore();
        var (index, images) = TestImage.AddIndex(source, ["linux/amd64", "linux/arm64", "linux/ppc64le"], TestImage.AddLayer(source, 100, 1), tag: "v1");

        var plan = await PlanAsync(source, "v1", o =>
        {
            o.MultiArch = MultiArchMode.All;
            o.Platforms.Add(Platform.Parse("linux/arm64"));
        });

        Assert.Equal([images[1].Digest], plan.Root.Children.Select(c => c.Written.Digest));
        Assert.NotEqual(index.Digest, plan.Root.Written.Digest);
        Assert.Equal([images[1].Digest], plan.Root.Written.Index!.Manifests.Select(m => m.Digest));
    }

    [Fact]
    public async Task A_subset_of_platforms_is_refused_when_digests_are_to_be_preserved()
    {
        var source = new InMemoryImageStore();
        TestImage.AddIndex(source, ["linux/amd64", "linux/arm64"], TestImage.AddLayer(source, 100, 1), tag: "v1");

        var error = await Assert.ThrowsAsync<ImageCopyException>(() => PlanAsync(source, "v1", o =>
        {
            o.MultiArch = MultiArchMode.All;
            o.Platforms.Add(Platform.Parse("linux/arm64"));
            o.PreserveDigests = true;
        }));

        Assert.Contains("digests are to be preserved", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_destination_holding_one_format_only_gets_a_conversion_when_no_format_is_asked_for()
    {
        var source = new InMemoryImageStore();
        var image = TestImage.AddImage(source, [TestImage.AddLayer(source, 100, 1, docker: true)], docker: true, tag: "v1");

        var plan = await PlanAsync(source, "v1", to: OciOnly);

        Assert.Same(image, plan.Root.Source);
        Assert.Equal(MediaTypes.OciManifest, plan.Root.Written.MediaType);
        Assert.All(plan.Root.Written.Image!.Layers, l => Assert.Equal(MediaTypes.OciLayerGzip, l.MediaType));
    }

    [Fact]
    public async Task A_destination_holding_one_format_only_is_refused_with_its_reason_when_digests_are_to_be_preserved()
    {
        var source = new InMemoryImageStore();
        TestImage.AddImage(source, [TestImage.AddLayer(source, 100, 1, docker: true)], docker: true, tag: "v1");

        var error = await Assert.ThrowsAsync<ImageCopyException>(() => PlanAsync(source, "v1", o => o.PreserveDigests = true, OciOnly));

        Assert.Contains("The destination is a test store, which holds OCI manifests only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_format_asked_for_wins_over_the_one_a_destination_holds()
    {
        var source = new InMemoryImageStore();
        var image = TestImage.AddImage(source, [TestImage.AddLayer(source, 100, 1)], tag: "v1");

        var plan = await PlanAsync(source, "v1", o => o.Format = ManifestFormat.DockerV2S2, OciOnly);

        Assert.Same(image, plan.Root.Source);
        Assert.Equal(MediaTypes.DockerManifest, plan.Root.Written.MediaType);
    }

    [Fact]
    public async Task A_schema_1_image_without_a_format_is_refused_naming_the_option()
    {
        var source = new InMemoryImageStore();
        source.AddManifest(Schema1(source), "v1");

        var error = await Assert.ThrowsAsync<ImageCopyException>(() => PlanAsync(source, "v1"));

        Assert.Contains("CopyOptions.Format", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--format", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_1_conversion_plans_the_configuration_it_generates_as_a_blob_to_copy()
    {
        var source = new InMemoryImageStore();
        var schema1 = Schema1(source);
        source.AddManifest(schema1, "v1");

        var plan = await PlanAsync(source, "v1", o => o.Format = ManifestFormat.Oci);

        Assert.Same(schema1, plan.Source);
        var config = Assert.Single(plan.GeneratedBlobs);
        Assert.Equal(plan.Root.Written.Image!.Config.Digest, config.Descriptor.Digest);
        Assert.Equal(config.Descriptor.Digest, Digest.Compute(config.Content.Span));
        Assert.Contains(plan.Blobs, b => b.Digest == config.Descriptor.Digest);
        Assert.False(source.HasBlob(config.Descriptor.Digest));
    }

    [Fact]
    public async Task Blobs_are_mounted_only_between_different_repositories_of_one_registry_into_a_store_with_a_mounter()
    {
        var registry = new InMemoryRegistry("registry.example");
        var source = new InMemoryImageStore("team/app", registry);
        TestImage.AddImage(source, [TestImage.AddLayer(source, 100, 1)], tag: "v1");
        var mounter = new InMemoryImageStore("mirror/app", registry);

        var mounted = await PlanAsync(source, "v1", to: mounter.Description);
        var sameRepository = await PlanAsync(source, "v1", to: ImageStoreDescription.ForRegistryRepository("registry.example", "team/app", mounter));
        var otherRegistry = await PlanAsync(source, "v1", to: ImageStoreDescription.ForRegistryRepository("other.example", "mirror/app", mounter));
        var noMounter = await PlanAsync(source, "v1", to: ImageStoreDescription.ForRegistryRepository("registry.example", "mirror/app", null));
        var notARegistry = await PlanAsync(source, "v1", to: ImageStoreDescription.Default);

        Assert.Equal("team/app", mounted.MountFrom?.Repository);
        Assert.Same(mounter, mounted.MountFrom?.Mounter);
        Assert.Null(sameRepository.MountFrom);
        Assert.Null(otherRegistry.MountFrom);
        Assert.Null(noMounter.MountFrom);
        Assert.Null(notARegistry.MountFrom);
    }

    private static async Task<CopyPlan> PlanAsync(
        InMemoryImageStore source, string reference, Action<CopyOptions>? configure = null, ImageStoreDescription? to = null)
    {
        var options = Copiers.Options(configure);
        var planner = new CopyPlanner(source, reference, source.Description, to ?? ImageStoreDescription.Default, options.Snapshot(), NullLogger.Instance);
        return await planner.PlanAsync(await source.FetchManifestAsync(reference), CancellationToken.None);
    }

    // A schema 1 image of one gzip layer, which the source holds.
    private static Manifest Schema1(InMemoryImageStore source)
    {
        var layer = source.AddBlob(Transports.Support.TestImage.Gzip(Transports.Support.TestImage.LayerTar("base\n")));
        var history = JsonSerializer.Serialize("""{"id":"a","created":"2021-05-06T07:08:07Z","architecture":"amd64","os":"linux"}""");
        return Manifest.Parse(
            Encoding.UTF8.GetBytes($$"""{"schemaVersion":1,"name":"test/app","tag":"v1","architecture":"amd64","fsLayers":[{"blobSum":"{{layer.Digest}}"}],"history":[{"v1Compatibility":{{history}}}]}"""),
            MediaTypes.DockerSchema1Manifest);
    }
}
