using OciRegistry.Client.Copy.Tests.Support;

namespace OciRegistry.Client.Copy.Tests.Engine;

public sealed class MountTests
{
    private readonly ImageCopier _copier = Copiers.Create();

    [Fact]
    public async Task Blobs_are_mounted_between_repositories_of_one_registry_without_reading_them()
    {
        var registry = new InMemoryRegistry();
        var source = new InMemoryImageStore("team/app", registry);
        var image = TestImage.AddImage(source, [TestImage.AddLayer(source, 8000, 1)], tag: "v1");
        var destination = new InMemoryImageStore("mirror/app", registry);

        var result = await _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options());

        Assert.All(result.Blobs, b => Assert.Equal(BlobCopyStatus.Mounted, b.Status));
        Assert.Equal(0, result.BytesTransferred);
        Assert.DoesNotContain(source.Operations, o => o.Kind == StoreOperationKind.FetchBlob);
        Assert.Equal(image.Digest, destination.GetManifest("v1").Digest);
    }

    [Fact]
    public async Task Stores_of_different_registries_are_not_asked_to_mount()
    {
        var source = new InMemoryImageStore("team/app", new InMemoryRegistry("one.example"));
        TestImage.AddImage(source, [TestImage.AddLayer(source, 8000, 1)], tag: "v1");
        var destination = new InMemoryImageStore("team/app", new InMemoryRegistry("two.example"));

        var result = await _copier.CopyAsync(source, "v1", destination, "v1", Copiers.Options());

        Assert.All(result.Blobs, b => Assert.Equal(BlobCopyStatus.Transferred, b.Status));
        Assert.DoesNotContain(destination.Operations, o => o.Kind == StoreOperationKind.Mount);
    }

    [Fact]
    public async Task A_declined_mount_falls_back_to_a_transfer()
    {
        var registry = new InMemoryRegistry();
        var source = new InMemoryImageStore("team/app", registry);
        TestImage.AddImage(source, [TestImage.AddLayer(source, 8000, 1)], tag: "v1");
        var destination = new InMemoryImageStore("mirror/app", registry);

        // The source repository is not the one the registry knows by that name: the mount finds nothing there.
        var stranger = new InMemoryImageStore("team/app", new InMemoryRegistry(registry.Name));
        TestImage.AddImage(stranger, [TestImage.AddLayer(stranger, 6000, 2)], Models.Platform.Parse("linux/arm64"), tag: "v2");

        var result = await _copier.CopyAsync(stranger, "v2", destination, "v2", Copiers.Options());

        Assert.All(result.Blobs, b => Assert.Equal(BlobCopyStatus.Transferred, b.Status));
        Assert.Equal(result.Blobs.Count, destination.Operations.Count(o => o.Kind == StoreOperationKind.Mount));
    }
}
