using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using OciRegistry.Client;
using OciRegistry.Client.Http;
using OciRegistry.Client.Models;

namespace Consumer.Tests.Support;

/// <summary>A small OCI image (a config with a label and env, two random layers) pushed with the public API.</summary>
public static class SampleImage
{
    public static async Task<Manifest> PushAsync(OciRegistryClient client, string reference)
    {
        var image = ImageReference.Parse(reference);
        var repository = client.GetRepository(image, RepositoryAccess.PullPush);
        var layers = new List<Descriptor>();
        for (var i = 0; i < 2; i++)
        {
            var bytes = RandomNumberGenerator.GetBytes(2048 + i);
            var layer = Descriptor.FromContent(MediaTypes.OciLayerGzip, bytes);
            await repository.PushBlobAsync(layer, PipeReader.Create(new MemoryStream(bytes)));
            layers.Add(layer);
        }

        var configBytes = Encoding.UTF8.GetBytes("""
            {"architecture":"amd64","os":"linux","created":"2024-05-01T10:00:00Z","config":{"Env":["PATH=/usr/bin"],"Labels":{"org.example.team":"consumers"}},"rootfs":{"type":"layers","diff_ids":[]}}
            """);
        var config = Descriptor.FromContent(MediaTypes.OciConfig, configBytes);
        await repository.PushBlobAsync(config, PipeReader.Create(new MemoryStream(configBytes)));
        var manifest = Manifest.Create(new ImageManifest { MediaType = MediaTypes.OciManifest, Config = config, Layers = layers });
        await repository.PushManifestAsync(manifest, image.Tag);
        return manifest;
    }
}
