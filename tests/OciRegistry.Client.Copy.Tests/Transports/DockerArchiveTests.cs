using System.IO.Pipelines;
using System.Text.Json;
using OciRegistry.Client.Copy.Tests.Transports.Support;
using OciRegistry.Client.Copy.Transports;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Tests.Transports;

public sealed class DockerArchiveTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task A_gzip_layer_is_stored_uncompressed_and_read_back_by_its_diff_id()
    {
        var image = TestImage.Single();
        var path = _scratch.Combine("image.tar");
        using (var destination = new DockerArchiveDestination(path))
        {
            await EngineCopy.CopyAsync(new MemorySource(image), "", destination, "example/app:v1");
        }

        using var source = await DockerArchiveSource.OpenAsync(path);
        var read = await BlobAssert.ReadsBackAsync(source, "");

        Assert.Equal(MediaTypes.DockerManifest, read.MediaType);
        var config = image.Manifest.Image!.Config;
        Assert.Equal(config.Digest, read.Image!.Config.Digest);
        var tar = TestImage.LayerTar("hello from the transports tests\n");
        var layer = Assert.Single(read.Image.Layers);
        Assert.Equal(Digest.Compute(tar), layer.Digest);
        Assert.Equal("application/vnd.docker.image.rootfs.diff.tar", layer.MediaType);
        Assert.Equal(tar, await BlobAssert.ReadBlobAsync(source, layer));
        Assert.Equal(["docker.io/example/app:v1"], await source.ListTagsAsync().ToListAsync());
        Assert.Equal(read.Digest, (await source.ResolveAsync("example/app:v1")).Digest);
        Assert.Equal(read.Digest, (await source.ResolveAsync("docker.io/example/app:v1")).Digest);
        Assert.Equal(read.Digest, (await source.ResolveAsync("@0")).Digest);
        Assert.Equal(read.Digest, (await source.FetchManifestAsync(read.Digest.ToString())).Digest);
        await Assert.ThrowsAsync<ManifestNotFoundException>(() => source.ResolveAsync("example/app:v2"));
        await Assert.ThrowsAsync<ManifestNotFoundException>(() => source.ResolveAsync("@1"));
    }

    [Fact]
    public async Task Manifest_json_names_the_config_and_layer_files_as_skopeo_does()
    {
        var image = TestImage.Single();
        var path = _scratch.Combine("image.tar");
        using (var destination = new DockerArchiveDestination(path))
        {
            await EngineCopy.CopyAsync(new MemorySource(image), "", destination, "busybox");
        }

        var extracted = _scratch.Combine("x");
        Directory.CreateDirectory(extracted);
        await System.Formats.Tar.TarFile.ExtractToDirectoryAsync(path, extracted, overwriteFiles: false);
        using var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(extracted, "manifest.json")));
        var item = Assert.Single(manifest.RootElement.EnumerateArray().ToList());
        var diffId = Digest.Compute(TestImage.LayerTar("hello from the transports tests\n"));

        Assert.Equal(image.Manifest.Image!.Config.Digest.Encoded + ".json", item.GetProperty("Config").GetString());
        Assert.Equal(["docker.io/library/busybox:latest"], item.GetProperty("RepoTags").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([diffId.Encoded + ".tar"], item.GetProperty("Layers").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Several_images_are_chosen_by_position_or_tag()
    {
        var first = TestImage.Single(text: "one\n");
        var second = TestImage.Single(text: "two\n");
        var path = _scratch.Combine("image.tar");
        using (var destination = new DockerArchiveDestination(path))
        {
            await EngineCopy.CopyAsync(new MemorySource(first), "", destination, "app:one");
            await EngineCopy.CopyAsync(new MemorySource(second), "", destination, "app:two");
        }

        using var source = await DockerArchiveSource.OpenAsync(path);

        Assert.Equal(first.Manifest.Image!.Config.Digest, (await source.FetchManifestAsync("@0")).Image!.Config.Digest);
        Assert.Equal(second.Manifest.Image!.Config.Digest, (await source.FetchManifestAsync("@1")).Image!.Config.Digest);
        Assert.Equal(second.Manifest.Image!.Config.Digest, (await source.FetchManifestAsync("app:two")).Image!.Config.Digest);
        var error = await Assert.ThrowsAsync<InvalidImageLayoutException>(() => source.ResolveAsync(""));
        Assert.Contains("holds 2 images", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_index_cannot_be_written()
    {
        var index = TestImage.Index();
        using var destination = new DockerArchiveDestination(_scratch.Combine("image.tar"));

        var error = await Assert.ThrowsAsync<InvalidImageLayoutException>(() => destination.PushManifestAsync(index.Manifest, "app:v1"));

        Assert.Contains("choose one platform", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_scratch.Combine("image.tar")));
    }

    [Fact]
    public async Task A_layer_whose_content_is_not_its_digest_is_refused()
    {
        using var destination = new DockerArchiveDestination(_scratch.Combine("image.tar"));
        var layer = TestImage.Gzip(TestImage.LayerTar("x"));
        var blob = Descriptor.FromContent(MediaTypes.OciLayerGzip, layer);
        var corruptTrailer = layer.ToArray();
        corruptTrailer[^5] ^= 0xff;
        var truncated = layer[..^10];

        var error = await Assert.ThrowsAsync<DigestMismatchException>(() => destination.PushBlobAsync(blob, PipeReader.Create(new MemoryStream(corruptTrailer))));
        await Assert.ThrowsAsync<DigestMismatchException>(() => destination.PushBlobAsync(blob, PipeReader.Create(new MemoryStream(truncated))));

        Assert.Equal(blob.Digest, error.Expected);
        Assert.False(await destination.BlobExistsAsync(blob));
    }

    [Fact]
    public async Task Layer_paths_that_traverse_out_of_the_archive_are_refused()
    {
        var path = _scratch.Combine("evil.tar");
        ArchiveTestFiles.Write(path, [("manifest.json", """[{"Config":"c.json","RepoTags":[],"Layers":["../../etc/passwd"]}]"""), ("c.json", """{"rootfs":{"type":"layers","diff_ids":["sha256:0000000000000000000000000000000000000000000000000000000000000000"]}}""")]);
        using var source = await DockerArchiveSource.OpenAsync(path);

        var error = await Assert.ThrowsAsync<UnsafePathException>(() => source.ResolveAsync(""));

        Assert.Equal("../../etc/passwd", error.Entry);
    }

    public void Dispose() => _scratch.Dispose();
}
