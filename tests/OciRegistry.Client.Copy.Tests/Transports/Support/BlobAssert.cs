using OciRegistry.Client.Content;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Tests.Transports.Support;

/// <summary>Reads every manifest and blob of an image back from a source and checks digests and sizes.</summary>
internal static class BlobAssert
{
    /// <summary>Walks the image from <paramref name="reference"/>; returns the top-level manifest.</summary>
    public static async Task<Manifest> ReadsBackAsync(IImageSource source, string reference)
    {
        var manifest = await source.FetchManifestAsync(reference);
        await WalkAsync(source, manifest);
        return manifest;
    }

    public static async Task<byte[]> ReadBlobAsync(IImageSource source, Descriptor blob)
    {
        await using var content = await source.FetchBlobAsync(blob);
        using var buffer = new MemoryStream();
        await content.Stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static async Task WalkAsync(IImageSource source, Manifest manifest)
    {
        if (manifest.Kind == ManifestKind.Index)
        {
            foreach (var child in manifest.Index!.Manifests)
            {
                var instance = await source.FetchManifestAsync(child.Digest.ToString());
                Assert.Equal(child.Digest, instance.Digest);
                await WalkAsync(source, instance);
            }

            return;
        }

        foreach (var blob in manifest.References)
        {
            var bytes = await ReadBlobAsync(source, blob);
            Assert.Equal(blob.Size, bytes.LongLength);
            Assert.Equal(blob.Digest, Digest.Compute(bytes));
        }
    }
}
