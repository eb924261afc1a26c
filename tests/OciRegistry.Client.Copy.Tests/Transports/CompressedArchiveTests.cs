using System.Formats.Tar;
using System.Text;
using OciRegistry.Client.Copy.Tests.Transports.Support;
using OciRegistry.Client.Copy.Transports;
using OciRegistry.Client.Models;
using OciRegistry.Client.TestSupport.Tools;
using TestImage = OciRegistry.Client.Copy.Tests.Transports.Support.TestImage;

namespace OciRegistry.Client.Copy.Tests.Transports;

/// <summary>
/// Archives and the layer files inside a docker archive are read whatever they are compressed with (gzip, zstd, xz,
/// bzip2: what containers/image reads), as the command-line tools write them, and within the decompression bound.
/// </summary>
public sealed class CompressedArchiveTests : IDisposable
{
    private const int Mebibyte = 1024 * 1024;

    private static readonly ArchiveReadOptions Tight = new() { MaxDecompressionRatio = 10, MinDecompressionLimit = Mebibyte };

    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Theory]
    [InlineData("xz")]
    [InlineData("bzip2")]
    [InlineData("zstd")]
    [InlineData("gzip")]
    public async Task A_compressed_docker_archive_is_read_with_its_tags_and_blobs(string tool)
    {
        var plain = await WriteDockerArchiveAsync();
        var path = $"{plain}.{tool}";
        await File.WriteAllBytesAsync(path, await CompressionTool.CompressAsync(tool, await File.ReadAllBytesAsync(plain)));

        using var compressed = await DockerArchiveSource.OpenAsync(path, Tight);
        using var original = await DockerArchiveSource.OpenAsync(plain);

        Assert.Equal(await original.ListTagsAsync().ToListAsync(), await compressed.ListTagsAsync().ToListAsync());
        var manifest = await BlobAssert.ReadsBackAsync(compressed, "");
        Assert.Equal((await original.FetchManifestAsync("")).Digest, manifest.Digest);
    }

    [Theory]
    [InlineData("xz")]
    [InlineData("bzip2")]
    [InlineData("zstd")]
    public async Task A_compressed_oci_archive_is_read(string tool)
    {
        var plain = _scratch.Combine($"layout-{tool}.tar");
        using (var destination = new OciArchiveDestination(plain))
        {
            await EngineCopy.CopyAsync(new MemorySource(TestImage.Single()), "", destination, "v1");
        }

        var path = $"{plain}.{tool}";
        await File.WriteAllBytesAsync(path, await CompressionTool.CompressAsync(tool, await File.ReadAllBytesAsync(plain)));

        using var source = await OciArchiveSource.OpenAsync(path, Tight);

        Assert.Equal(TestImage.Single().Manifest.Digest, (await BlobAssert.ReadsBackAsync(source, "v1")).Digest);
    }

    [Theory]
    [InlineData("xz")]
    [InlineData("bzip2")]
    [InlineData("zstd")]
    public async Task A_compressed_archive_that_inflates_beyond_the_bound_is_refused_naming_it_and_its_codec(string tool)
    {
        var path = _scratch.Combine($"bomb.tar.{tool}");
        await File.WriteAllBytesAsync(path, await CompressionTool.CompressAsync(tool, Tar(("manifest.json", "[]"u8.ToArray()), ("zeros", new byte[4 * Mebibyte]))));

        var error = await Assert.ThrowsAsync<InvalidImageLayoutException>(() => DockerArchiveSource.OpenAsync(path, Tight));

        Assert.Contains($"\"{path}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("decompression bomb", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{tool} -d", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_xz_archive_is_refused_naming_it()
    {
        var plain = await WriteDockerArchiveAsync();
        var xz = await CompressionTool.CompressAsync("xz", await File.ReadAllBytesAsync(plain));
        var path = _scratch.Combine("truncated.tar.xz");
        await File.WriteAllBytesAsync(path, xz[..(xz.Length / 2)]);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => DockerArchiveSource.OpenAsync(path, Tight));

        Assert.Contains($"\"{path}\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("xz")]
    [InlineData("bzip2")]
    [InlineData("zstd")]
    public async Task A_layer_file_compressed_inside_a_docker_archive_is_served_as_its_tar(string tool)
    {
        var tar = Tar(("etc/hello", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("hello\n", 5000)))));
        var diffId = Digest.Compute(tar);
        var path = _scratch.Combine($"layer-{tool}.tar");
        await File.WriteAllBytesAsync(path, Tar(
            ("manifest.json", """[{"Config":"c.json","RepoTags":["example/app:v1"],"Layers":["layer.tar.x"]}]"""u8.ToArray()),
            ("c.json", Encoding.UTF8.GetBytes($$$"""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["{{{diffId}}}"]}}""")),
            ("layer.tar.x", await CompressionTool.CompressAsync(tool, tar))));

        using var source = await DockerArchiveSource.OpenAsync(path, Tight);
        var manifest = await source.FetchManifestAsync("");

        var layer = Assert.Single(manifest.Image!.Layers);
        Assert.Equal(diffId, layer.Digest);
        Assert.Equal(tar.Length, layer.Size);
        Assert.Equal(tar, await BlobAssert.ReadBlobAsync(source, layer));
    }

    private static byte[] Tar(params (string Name, byte[] Content)[] files)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
            }
        }

        return buffer.ToArray();
    }

    private async Task<string> WriteDockerArchiveAsync()
    {
        var path = _scratch.Combine($"image-{Guid.NewGuid():N}.tar");
        using var destination = new DockerArchiveDestination(path);
        await EngineCopy.CopyAsync(new MemorySource(TestImage.Single()), "", destination, "example/app:v1");
        return path;
    }
}
