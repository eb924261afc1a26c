namespace OciRegistry.Client.Http.IntegrationTests.Interop;

/// <summary>Images written by skopeo (built by umoci) read back through the client with identical digests.</summary>
public sealed class SkopeoCopiedImageTests(RegistryFixture registry, ITestOutputHelper output) : RegistryTests<RegistryFixture>(registry, output), IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task An_oci_image_copied_by_skopeo_reads_back_with_identical_digests()
    {
        var (repository, pushed) = await PushTestImageAsync("interop/oci");

        await AssertReadsBackAsync(repository, "v1", pushed.ManifestDigest);
    }

    [Fact]
    public async Task A_docker_v2_image_converted_by_skopeo_reads_back_with_identical_digests()
    {
        var source = Registry.NewRepository("interop/src");
        await Images.PushAsync(Registry, source, "v1");
        var target = Registry.NewRepository("interop/docker");

        // The fixture serves plain HTTP without auth.
        await Images.Skopeo.RunAsync(
        [
            "copy", "--quiet", "--format", "v2s2",
            "--src-tls-verify=false", "--src-no-creds", "--dest-tls-verify=false", "--dest-no-creds",
            Registry.DockerReference(source, "v1"), Registry.DockerReference(target, "v1"),
        ]);
        var raw = await Images.Skopeo.InspectRawAsync(Registry.DockerReference(target, "v1"), Registry.GetSkopeoAccess());

        var manifest = await AssertReadsBackAsync(Client.Repository(target), "v1", Digest.Compute(raw.Span));
        Assert.Equal(MediaTypes.DockerManifest, manifest.MediaType);
    }

    private static async Task<Manifest> AssertReadsBackAsync(RegistryRepository repository, string tag, Digest expected)
    {
        var manifest = await repository.FetchManifestAsync(tag);
        Assert.Equal(expected, manifest.Digest);
        Assert.Equal(manifest.Descriptor, await repository.ResolveAsync(tag));

        var image = manifest.Image!;
        foreach (var blob in new[] { image.Config }.Concat(image.Layers))
        {
            Assert.Equal((blob.Digest, blob.Size), await BlobContent.HashAsync(repository, blob));
        }

        var config = ImageConfig.Parse(await BlobContent.ReadAllAsync(repository, image.Config));
        Assert.Equal(image.Layers.Count, config.RootFileSystem!.DiffIds.Count);
        return manifest;
    }
}
