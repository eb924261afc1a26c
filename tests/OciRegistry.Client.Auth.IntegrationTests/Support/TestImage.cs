using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using OciRegistry.Client.Http;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Auth.IntegrationTests.Support;

/// <summary>A small OCI image made in memory: a config and random layers, pushed and copied through <see cref="RegistryRepository"/>.</summary>
internal sealed class TestImage
{
    private readonly Dictionary<Digest, byte[]> _blobs = [];

    private TestImage(Manifest manifest) => Manifest = manifest;

    public Manifest Manifest { get; }

    public IReadOnlyList<Descriptor> Blobs => Manifest.References;

    public static TestImage Create(int layers, int layerSize = 4096)
    {
        var contents = new List<(Descriptor Descriptor, byte[] Bytes)>();
        for (var i = 0; i < layers; i++)
        {
            var bytes = RandomNumberGenerator.GetBytes(layerSize + i);
            contents.Add((Descriptor.FromContent(MediaTypes.OciLayerGzip, bytes), bytes));
        }

        var config = Encoding.UTF8.GetBytes($$"""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]},"comment":"{{Guid.NewGuid():N}}"}""");
        var configDescriptor = Descriptor.FromContent(MediaTypes.OciConfig, config);
        var manifest = Manifest.Create(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = configDescriptor,
            Layers = [.. contents.Select(c => c.Descriptor)],
        });
        var image = new TestImage(manifest);
        image._blobs[configDescriptor.Digest] = config;
        foreach (var (descriptor, bytes) in contents)
        {
            image._blobs[descriptor.Digest] = bytes;
        }

        return image;
    }

    public async Task PushAsync(RegistryRepository repository, string tag)
    {
        foreach (var blob in Blobs)
        {
            await using var content = new MemoryStream(_blobs[blob.Digest]);
            await repository.PushBlobAsync(blob, PipeReader.Create(content));
        }

        await repository.PushManifestAsync(Manifest, tag);
    }

    /// <summary>Reads every blob of the tagged image from <paramref name="source"/> and pushes it into <paramref name="destination"/>, then the manifest.</summary>
    public static async Task<Manifest> CopyAsync(RegistryRepository source, RegistryRepository destination, string tag)
    {
        var manifest = await source.FetchManifestAsync(tag);
        foreach (var blob in manifest.References)
        {
            await using var content = await source.FetchBlobAsync(blob);
            await destination.PushBlobAsync(blob, PipeReader.Create(content.Stream));
        }

        await destination.PushManifestAsync(manifest, tag);
        return manifest;
    }

    /// <summary>Reads every blob and the manifest back and checks them against this image.</summary>
    public async Task VerifyAsync(RegistryRepository repository, string tag)
    {
        var manifest = await repository.FetchManifestAsync(tag);
        Assert.Equal(Manifest.Digest, manifest.Digest);
        foreach (var blob in manifest.References)
        {
            await using var content = await repository.FetchBlobAsync(blob);
            using var buffer = new MemoryStream();
            await content.Stream.CopyToAsync(buffer);
            Assert.Equal(_blobs[blob.Digest], buffer.ToArray());
        }
    }
}
