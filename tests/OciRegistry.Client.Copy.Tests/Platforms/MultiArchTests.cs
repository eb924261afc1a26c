using OciRegistry.Client.Copy.Tests.Support;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Tests.Platforms;

public sealed class MultiArchTests
{
    private static readonly string[] ThreePlatforms = ["linux/amd64", "linux/arm64", "linux/arm/v7"];
    private readonly ImageCopier _copier = Copiers.Create();

    [Fact]
    public async Task All_copies_the_index_and_every_instance_with_digests_preserved()
    {
        var (source, index, images) = Index();
        var destination = new InMemoryImageStore();

        var result = await _copier.CopyAsync(source, "multi", destination, "multi", Copiers.Options(o => o.MultiArch = MultiArchMode.All));

        Assert.Equal(index.Digest, result.Manifest.Digest);
        Assert.False(result.DigestChanged);
        Assert.Equal(index.Content.ToArray(), destination.GetManifest("multi").Content.ToArray());
        Assert.All(images, i => Assert.True(destination.HasManifest(i.Digest)));
        Assert.All(result.Manifests, m => Assert.False(m.Rewritten));
        Assert.Equal(ThreePlatforms.Select(Platform.Parse), result.Manifests.Take(3).Select(m => m.Platform));
    }

    [Fact]
    public async Task System_copies_only_the_instance_of_the_platform_asked_for()
    {
        var (source, index, images) = Index();
        var destination = new InMemoryImageStore();

        var result = await _copier.CopyAsync(source, "multi", destination, "one", Copiers.Options(o => o.SystemPlatform = Platform.Parse("linux/arm64")));

        var arm64 = images[1];
        Assert.Equal(index.Digest, result.SourceDigest);
        Assert.Equal(arm64.Digest, result.Manifest.Digest);
        Assert.True(result.DigestChanged);
        Assert.Equal(arm64.Content.ToArray(), destination.GetManifest("one").Content.ToArray());
        Assert.False(destination.HasManifest(index.Digest));
        Assert.Equal(arm64.References.Select(r => r.Digest.ToString()).Order(), destination.BlobDigests.Select(d => d.ToString()).Order());
    }

    [Fact]
    public async Task System_by_default_picks_the_running_platform()
    {
        var current = SystemPlatforms.Current;
        var (source, _, images) = Index(["windows/nonexistent", current.ToString()]);
        var destination = new InMemoryImageStore();

        var result = await _copier.CopyAsync(source, "multi", destination, "one", Copiers.Options());

        Assert.Equal(images[1].Digest, result.Manifest.Digest);
    }

    [Fact]
    public async Task System_with_no_matching_instance_names_what_the_index_has()
    {
        var (source, _, _) = Index();
        var destination = new InMemoryImageStore();

        var error = await Assert.ThrowsAsync<ImageCopyException>(() => _copier.CopyAsync(
            source, "multi", destination, "one", Copiers.Options(o => o.SystemPlatform = Platform.Parse("linux/s390x"))));

        Assert.Contains("linux/s390x", error.Message, StringComparison.Ordinal);
        Assert.Contains("linux/arm64", error.Message, StringComparison.Ordinal);
        Assert.Empty(destination.Operations);
    }

    [Fact]
    public async Task IndexOnly_writes_just_the_index_bytes()
    {
        var (source, index, _) = Index();
        var destination = new InMemoryImageStore { RequireIndexChildren = false };

        var result = await _copier.CopyAsync(source, "multi", destination, "multi", Copiers.Options(o => o.MultiArch = MultiArchMode.IndexOnly));

        Assert.Equal(index.Digest, result.Manifest.Digest);
        Assert.Empty(result.Blobs);
        Assert.Equal([index.Digest], destination.ManifestDigests);
        Assert.Empty(destination.BlobDigests);
    }

    [Fact]
    public async Task IndexOnly_is_refused_by_a_destination_that_lacks_the_instances_as_a_registry_would()
    {
        var (source, index, _) = Index();
        var destination = new InMemoryImageStore();

        var error = await Assert.ThrowsAsync<OciRegistryException>(() =>
            _copier.CopyAsync(source, "multi", destination, "multi", Copiers.Options(o => o.MultiArch = MultiArchMode.IndexOnly)));

        Assert.Contains(index.Digest.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Empty(destination.ManifestDigests);
    }

    [Fact]
    public async Task A_platform_subset_writes_a_new_index_listing_only_those_instances()
    {
        var (source, index, images) = Index();
        var destination = new InMemoryImageStore();
        var options = Copiers.Options(o =>
        {
            o.MultiArch = MultiArchMode.All;
            o.Platforms.Add(Platform.Parse("linux/amd64"));
            o.Platforms.Add(Platform.Parse("linux/arm/v7"));
        });

        var result = await _copier.CopyAsync(source, "multi", destination, "multi", options);

        Assert.True(result.DigestChanged);
        Assert.True(result.Manifests[^1].Rewritten);
        var written = destination.GetManifest("multi");
        Assert.Equal(result.Manifest.Digest, written.Digest);
        Assert.Equal(MediaTypes.OciIndex, written.MediaType);
        Assert.Equal([images[0].Digest, images[2].Digest], written.Index!.Manifests.Select(m => m.Digest));
        Assert.Equal([Platform.Parse("linux/amd64"), Platform.Parse("linux/arm/v7")], written.Index.Manifests.Select(m => m.Platform));
        Assert.False(destination.HasManifest(images[1].Digest));
        Assert.False(destination.HasManifest(index.Digest));
    }

    [Fact]
    public async Task A_subset_that_keeps_every_instance_preserves_the_index()
    {
        var (source, index, _) = Index(["linux/amd64", "linux/arm64"]);
        var options = Copiers.Options(o =>
        {
            o.MultiArch = MultiArchMode.All;
            o.PreserveDigests = true;
            o.Platforms.Add(Platform.Parse("linux/amd64"));
            o.Platforms.Add(Platform.Parse("linux/arm64"));
        });

        var result = await _copier.CopyAsync(source, "multi", new InMemoryImageStore(), "multi", options);

        Assert.Equal(index.Digest, result.Manifest.Digest);
    }

    [Fact]
    public async Task A_subset_is_refused_when_digests_are_to_be_preserved_before_any_blob_moves()
    {
        var (source, _, _) = Index();
        var destination = new InMemoryImageStore();
        var options = Copiers.Options(o =>
        {
            o.MultiArch = MultiArchMode.All;
            o.PreserveDigests = true;
            o.Platforms.Add(Platform.Parse("linux/amd64"));
        });

        var error = await Assert.ThrowsAsync<ImageCopyException>(() => _copier.CopyAsync(source, "multi", destination, "multi", options));

        Assert.Contains("preserved", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(source.Operations, o => o.Kind == StoreOperationKind.FetchBlob);
        Assert.Empty(destination.Operations);
    }

    [Fact]
    public async Task A_subset_naming_a_platform_the_index_lacks_is_refused()
    {
        var (source, _, _) = Index();
        var options = Copiers.Options(o =>
        {
            o.MultiArch = MultiArchMode.All;
            o.Platforms.Add(Platform.Parse("linux/amd64"));
            o.Platforms.Add(Platform.Parse("linux/ppc64le"));
        });

        var error = await Assert.ThrowsAsync<ImageCopyException>(() => _copier.CopyAsync(source, "multi", new InMemoryImageStore(), "multi", options));

        Assert.Contains("linux/ppc64le", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Platforms_are_refused_with_a_mode_other_than_all()
    {
        var (source, _, _) = Index();
        var options = Copiers.Options(o => o.Platforms.Add(Platform.Parse("linux/amd64")));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _copier.CopyAsync(source, "multi", new InMemoryImageStore(), "multi", options));

        Assert.Contains(nameof(CopyOptions.Platforms), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_image_is_copied_as_it_is_in_every_mode()
    {
        var source = new InMemoryImageStore();
        var image = TestImage.AddImage(source, [TestImage.AddLayer(source, 100, 1)], Platform.Parse("linux/riscv64"), tag: "v1");

        foreach (var mode in Enum.GetValues<MultiArchMode>())
        {
            var result = await _copier.CopyAsync(source, "v1", new InMemoryImageStore(), "v1", Copiers.Options(o => o.MultiArch = mode));
            Assert.Equal(image.Digest, result.Manifest.Digest);
        }
    }

    [Theory]
    [InlineData(false, System.Runtime.InteropServices.Architecture.X64, "linux/amd64")]
    [InlineData(false, System.Runtime.InteropServices.Architecture.Arm64, "linux/arm64")]
    [InlineData(false, System.Runtime.InteropServices.Architecture.Arm, "linux/arm/v7")]
    [InlineData(false, System.Runtime.InteropServices.Architecture.X86, "linux/386")]
    [InlineData(false, System.Runtime.InteropServices.Architecture.S390x, "linux/s390x")]
    [InlineData(true, System.Runtime.InteropServices.Architecture.X64, "windows/amd64")]
    public void The_running_architecture_maps_to_OCI_names(bool windows, System.Runtime.InteropServices.Architecture architecture, string expected)
    {
        Assert.Equal(expected, SystemPlatforms.From(windows, architecture).ToString());
    }

    private static (InMemoryImageStore Source, Manifest Index, IReadOnlyList<Manifest> Images) Index(string[]? platforms = null)
    {
        var source = new InMemoryImageStore();
        var shared = TestImage.AddLayer(source, 2000, 1);
        var (index, images) = TestImage.AddIndex(source, platforms ?? ThreePlatforms, shared, tag: "multi");
        return (source, index, images);
    }
}
