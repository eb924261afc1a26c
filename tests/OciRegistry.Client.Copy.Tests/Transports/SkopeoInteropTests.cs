using OciRegistry.Client.Content;
using OciRegistry.Client.Copy.Tests.Transports.Support;
using OciRegistry.Client.Copy.Transports;
using OciRegistry.Client.Models;
using OciRegistry.Client.TestSupport.Images;
using OciRegistry.Client.TestSupport.Tools;

namespace OciRegistry.Client.Copy.Tests.Transports;

/// <summary>skopeo and umoci, written by others, read what the transports write and write what they read.</summary>
public sealed class SkopeoInteropTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();
    private readonly Skopeo _skopeo = Skopeo.Locate();

    [Theory]
    [InlineData("oci", false)]
    [InlineData("oci", true)]
    [InlineData("oci-archive", false)]
    [InlineData("oci-archive", true)]
    [InlineData("dir", false)]
    [InlineData("dir", true)]
    public async Task Skopeo_copies_what_we_wrote_with_equal_digests(string transport, bool multiPlatform)
    {
        var image = multiPlatform ? TestImage.Index() : TestImage.Single();
        var ours = transport switch
        {
            "oci" => $"oci:{_scratch.Combine("ours")}:v1",
            "oci-archive" => $"oci-archive:{_scratch.Combine("ours.tar")}:v1",
            _ => $"dir:{_scratch.Combine("ours")}",
        };
        var destination = await new FileImageOpener().OpenDestinationAsync(ImageLocation.Parse(ours));
        await using (destination)
        {
            await EngineCopy.CopyAsync(new MemorySource(image), "", destination.Destination, destination.Tag);
        }

        var copy = _scratch.Combine("skopeo-dir");
        var digest = await SkopeoCopyAsync(ours, $"dir:{copy}", all: multiPlatform);

        Assert.Equal(image.Manifest.Digest, digest);
        Assert.Equal(image.Manifest.Content.ToArray(), await File.ReadAllBytesAsync(Path.Combine(copy, "manifest.json")));
        foreach (var blob in image.Blobs)
        {
            Assert.Equal(blob.Value, await File.ReadAllBytesAsync(Path.Combine(copy, blob.Key.Encoded)));
        }
    }

    [Fact]
    public async Task Skopeo_reads_our_docker_archive_as_we_do()
    {
        var path = _scratch.Combine("ours.tar");
        using (var destination = new DockerArchiveDestination(path))
        {
            await EngineCopy.CopyAsync(new MemorySource(TestImage.Single()), "", destination, "example/app:v1");
        }

        using var source = await DockerArchiveSource.OpenAsync(path);
        var ours = await source.FetchManifestAsync("");
        var raw = await _skopeo.InspectRawAsync($"docker-archive:{path}:example/app:v1");
        var copied = await SkopeoCopyAsync($"docker-archive:{path}", $"dir:{_scratch.Combine("skopeo-dir")}", all: false);

        AssertSameImageRelabelled(ours, raw);
        var skopeoDir = Manifest.Parse(await File.ReadAllBytesAsync(Path.Combine(_scratch.Combine("skopeo-dir"), "manifest.json")));
        Assert.Equal(copied, skopeoDir.Digest);
        Assert.Equal(ours.References.Select(r => r.Digest), skopeoDir.References.Select(r => r.Digest));
    }

    // A docker archive keeps no manifest: skopeo and we generate one from manifest.json and the config, the same
    // except that skopeo labels the uncompressed layer tars gzip and we label them as the tars they are.
    private static void AssertSameImageRelabelled(Manifest ours, ReadOnlyMemory<byte> skopeoRaw)
    {
        var theirs = Manifest.Parse(skopeoRaw.ToArray());
        Assert.Equal(theirs.MediaType, ours.MediaType);
        Assert.Equal(theirs.Image!.Config, ours.Image!.Config);
        Assert.Equal(theirs.Image.Layers.Select(l => (l.Digest, l.Size)), ours.Image.Layers.Select(l => (l.Digest, l.Size)));
        Assert.All(theirs.Image.Layers, l => Assert.Equal(MediaTypes.DockerLayerGzip, l.MediaType));
        Assert.All(ours.Image.Layers, l => Assert.Equal("application/vnd.docker.image.rootfs.diff.tar", l.MediaType));
    }

    [Theory]
    [InlineData("oci")]
    [InlineData("oci-archive")]
    [InlineData("docker-archive")]
    [InlineData("dir")]
    public async Task We_read_what_skopeo_wrote(string transport)
    {
        var built = await TestImages.Locate().BuildLayoutAsync(_scratch.Combine("umoci"), "src");
        var theirs = transport switch
        {
            "oci" => $"oci:{_scratch.Combine("theirs")}:t1",
            "oci-archive" => $"oci-archive:{_scratch.Combine("theirs.tar")}:t1",
            "docker-archive" => $"docker-archive:{_scratch.Combine("theirs.tar")}:example/app:t1",
            _ => $"dir:{_scratch.Combine("theirs")}",
        };
        var written = await SkopeoCopyAsync(built.SkopeoReference, theirs, all: false);

        var opened = await new FileImageOpener().OpenSourceAsync(ImageLocation.Parse(theirs));
        await using (opened)
        {
            var source = opened.Source;
            var manifest = await BlobAssert.ReadsBackAsync(source, opened.Reference);
            if (transport == "docker-archive")
            {
                AssertSameImageRelabelled(manifest, await _skopeo.InspectRawAsync(theirs));
                Assert.Equal(["docker.io/example/app:t1"], await opened.Tags!.ListTagsAsync().ToListAsync());
            }
            else
            {
                Assert.Equal(built.ManifestDigest, written);
                Assert.Equal(written, manifest.Digest);
            }
        }
    }

    [Fact]
    public async Task We_select_the_image_of_a_skopeo_docker_archive_by_position_and_tag()
    {
        var built = await TestImages.Locate().BuildLayoutAsync(_scratch.Combine("one"), "src");
        var archive = _scratch.Combine("one.tar");
        await SkopeoCopyAsync(built.SkopeoReference, $"docker-archive:{archive}:example/one:v1", all: false);
        using var source = await DockerArchiveSource.OpenAsync(archive);

        Assert.Equal((await source.ResolveAsync("@0")).Digest, (await source.ResolveAsync("example/one:v1")).Digest);
        await Assert.ThrowsAsync<ManifestNotFoundException>(() => source.ResolveAsync("@1"));
        await Assert.ThrowsAsync<ManifestNotFoundException>(() => source.ResolveAsync("example/one:v2"));
    }

    [Fact]
    public async Task Umoci_reads_and_unpacks_our_oci_layout()
    {
        var path = _scratch.Combine("ours");
        using (var layout = new OciLayout(path))
        {
            await EngineCopy.CopyAsync(new MemorySource(TestImage.Single(text: "unpacked by umoci\n")), "", layout, "v1");
        }

        var umoci = Umoci.Locate();
        var stat = await umoci.RunAsync(["stat", "--image", $"{path}:v1"]);
        var bundle = _scratch.Combine("bundle");
        await umoci.RunAsync(["unpack", "--rootless", "--image", $"{path}:v1", bundle]);

        Assert.Contains("transports test", stat.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("unpacked by umoci\n", await File.ReadAllTextAsync(Path.Combine(bundle, "rootfs", "hello.txt")));
    }

    [Fact]
    public async Task Skopeo_adds_to_a_layout_we_wrote_and_we_still_read_both()
    {
        var path = _scratch.Combine("shared");
        var ours = TestImage.Single();
        using var layout = new OciLayout(path);
        await EngineCopy.CopyAsync(new MemorySource(ours), "", layout, "ours");
        var built = await TestImages.Locate().BuildLayoutAsync(_scratch.Combine("umoci"), "src");

        var theirs = await SkopeoCopyAsync(built.SkopeoReference, $"oci:{path}:theirs", all: false);

        Assert.Equal(ours.Manifest.Digest, (await layout.ResolveAsync("ours")).Digest);
        Assert.Equal(theirs, (await BlobAssert.ReadsBackAsync(layout, "theirs")).Digest);
    }

    public void Dispose() => _scratch.Dispose();

    private async Task<Digest> SkopeoCopyAsync(string source, string destination, bool all)
    {
        var digestFile = _scratch.Combine($"digest-{Guid.NewGuid():N}");
        List<string> arguments = ["copy", "--quiet", "--digestfile", digestFile];
        if (all)
        {
            arguments.Add("--all");
        }

        await _skopeo.RunAsync([.. arguments, source, destination]);
        return Digest.Parse((await File.ReadAllTextAsync(digestFile)).Trim());
    }
}
