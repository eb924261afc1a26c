using OciRegistry.Client.Content;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Tests.Transports.Support;

/// <summary>
/// A plain sequential copy over the capability interfaces, as the copy engine will do it (instances before their
/// index, blobs before their manifest, the top-level manifest pushed with the tag), so transports are tested
/// without depending on the engine.
/// </summary>
internal static class TestCopier
{
    public static async Task<Manifest> CopyAsync(IImageSource source, string reference, IImageDestination destination, string? tag)
    {
        var manifest = await source.FetchManifestAsync(reference);
        await CopyChildrenAsync(source, manifest, destination);
        await destination.PushManifestAsync(manifest, tag);
        return manifest;
    }

    private static async Task CopyChildrenAsync(IImageSource source, Manifest manifest, IImageDestination destination)
    {
        if (manifest.Kind == ManifestKind.Index)
        {
            foreach (var child in manifest.Index!.Manifests)
            {
                var instance = await source.FetchManifestAsync(child.Digest.ToString());
                await CopyChildrenAsync(source, instance, destination);
                await destination.PushManifestAsync(instance, null);
            }

            return;
        }

        foreach (var blob in manifest.References)
        {
            if (await destination.BlobExistsAsync(blob))
            {
                continue;
            }

            await using var content = await source.FetchBlobAsync(blob);
            await destination.PushBlobAsync(blob, content.Stream);
        }
    }
}
