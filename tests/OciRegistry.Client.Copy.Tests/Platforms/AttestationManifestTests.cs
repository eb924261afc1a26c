using System.Text;
using OciRegistry.Client.Copy.Tests.Support;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Tests.Platforms;

public sealed class AttestationManifestTests
{
    private static readonly string[] ThreePlatforms = ["linux/amd64", "linux/arm64", "linux/arm/v7"];
    private readonly ImageCopier _copier = Copiers.Create();

    [Fact]
    public async Task An_index_mixing_images_and_attestations_is_copied_whole_byte_for_byte()
    {
        var (source, index, images, attestations) = BuildKitIndex();
        var destination = new InMemoryImageStore();

        var result = await _copier.CopyAsync(source, "multi", destination, "multi", Copiers.Options(o => o.MultiArch = MultiArchMode.All));

        Assert.False(result.DigestChanged);
        Assert.Equal(index.Content.ToArray(), destination.GetManifest("multi").Content.ToArray());
        Assert.All(images.Concat(attestations), m => Assert.Equal(m.Content.ToArray(), destination.GetManifest(m.Digest.ToString()).Content.ToArray()));
        Assert.All(attestations, a => Assert.All(a.References, r => Assert.True(destination.HasBlob(r.Digest))));
    }

    [Fact]
    public async Task A_platform_subset_keeps_exactly_the_attestations_of_the_kept_images()
    {
        var (source, _, images, attestations) = BuildKitIndex();
        var destination = new InMemoryImageStore();
        var options = Copiers.Options(o =>
        {
            o.MultiArch = MultiArchMode.All;
            o.Platforms.Add(Platform.Parse("linux/amd64"));
            o.Platforms.Add(Platform.Parse("linux/arm/v7"));
        });

        await _copier.CopyAsync(source, "multi", destination, "multi", options);

        var written = destination.GetManifest("multi").Index!;
        Assert.Equal(
            [images[0].Digest, images[2].Digest, attestations[0].Digest, attestations[2].Digest],
            written.Manifests.Select(m => m.Digest));
        Assert.Equal(images[0].Digest.ToString(), written.Manifests[2].Annotations!["vnd.docker.reference.digest"]);
        Assert.Equal(Platform.Parse("unknown/unknown"), written.Manifests[3].Platform);
        Assert.True(destination.HasManifest(attestations[0].Digest));
        Assert.True(destination.HasManifest(attestations[2].Digest));
        Assert.False(destination.HasManifest(attestations[1].Digest));
        Assert.False(destination.HasManifest(images[1].Digest));
    }

    [Fact]
    public async Task A_subset_naming_only_unknown_platforms_of_attestations_is_not_satisfied_by_them()
    {
        var (source, _, _, _) = BuildKitIndex();
        var destination = new InMemoryImageStore();

        var error = await Assert.ThrowsAsync<ImageCopyException>(() => _copier.CopyAsync(source, "multi", destination, "multi", Copiers.Options(o =>
        {
            o.MultiArch = MultiArchMode.All;
            o.Platforms.Add(Platform.Parse("linux/s390x"));
        })));

        Assert.Contains("linux/s390x", error.Message, StringComparison.Ordinal);
        Assert.Empty(destination.Operations);
    }

    /// <summary>
    /// An index as BuildKit writes it with provenance: one image per platform, then one attestation manifest per image
    /// (platform unknown/unknown, naming its image by annotation).
    /// </summary>
    internal static (InMemoryImageStore Source, Manifest Index, IReadOnlyList<Manifest> Images, IReadOnlyList<Manifest> Attestations) BuildKitIndex()
    {
        var source = new InMemoryImageStore();
        var shared = TestImage.AddLayer(source, 2000, 1);
        var (plain, images) = TestImage.AddIndex(source, ThreePlatforms, shared);
        var attestations = new List<Manifest>();
        var entries = new List<Descriptor>(plain.Index!.Manifests);
        foreach (var image in images)
        {
            var config = source.AddBlob(Encoding.UTF8.GetBytes("""{"architecture":"unknown","os":"unknown","rootfs":{"type":"layers","diff_ids":[]}}"""), MediaTypes.OciConfig);
            var statement = source.AddBlob(Encoding.UTF8.GetBytes($$$"""{"_type":"https://in-toto.io/Statement/v0.1","subject":[{"digest":{"sha256":"{{{image.Digest.Encoded}}}"}}]}"""), "application/vnd.in-toto+json");
            var attestation = Manifest.Create(new ImageManifest { MediaType = MediaTypes.OciManifest, Config = config, Layers = [statement] });
            source.AddManifest(attestation);
            attestations.Add(attestation);
            entries.Add(attestation.Descriptor with
            {
                Platform = Platform.Parse("unknown/unknown"),
                Annotations = new Dictionary<string, string>
                {
                    ["vnd.docker.reference.digest"] = image.Digest.ToString(),
                    ["vnd.docker.reference.type"] = "attestation-manifest",
                },
            });
        }

        var index = Manifest.Create(new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = entries });
        source.AddManifest(index, "multi");
        return (source, index, images, attestations);
    }
}
