using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json.Nodes;
using OciRegistry.Client.Content;
using OciRegistry.Client.Models;
using OciRegistry.Client.Referrers;

namespace OciRegistry.Client.Trust.Sigstore.Attachments;

/// <summary>
/// Adds signatures to an image's cosign attachment as containers/image does: the existing <c>sha256-HEX.sig</c>
/// manifest (if any) keeps its layers, each new signature becomes one more layer (its payload the blob, its signature
/// and certificates the layer's annotations) unless an identical layer is already there, and the OCI config lists the
/// layers' digests as <c>rootfs.diff_ids</c>. Blobs are pushed before the manifest that names them.
/// </summary>
internal static class CosignAttachmentWriter
{
    /// <summary>Appends signatures; returns how many were new.</summary>
    /// <param name="destination">Where the attachment is written.</param>
    /// <param name="existing">Reads the destination's current attachment.</param>
    /// <param name="manifestDigest">The signed image's manifest digest.</param>
    /// <param name="signatures">The signatures to add.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    public static async Task<int> AppendAsync(
        IImageDestination destination,
        IImageSource existing,
        Digest manifestDigest,
        IReadOnlyList<SigstoreSignature> signatures,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(signatures);
        var current = await CosignAttachmentReader.FetchManifestAsync(existing, manifestDigest, cancellationToken).ConfigureAwait(false);
        var layers = current?.Image?.Layers.ToList() ?? [];
        JsonObject config;
        if (current?.Image is { } image)
        {
            var configBytes = await ReadConfigAsync(existing, image.Config, cancellationToken).ConfigureAwait(false);
            config = JsonNode.Parse(configBytes) as JsonObject
                ?? throw new SignatureStoreException($"the sigstore attachment config {image.Config.Digest} is not a JSON object");
        }
        else
        {
            config = new JsonObject
            {
                ["architecture"] = string.Empty,
                ["os"] = string.Empty,
                ["config"] = new JsonObject(),
                ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray() },
            };
        }

        if (config["rootfs"] is not JsonObject rootfs)
        {
            rootfs = new JsonObject { ["type"] = "layers" };
            config["rootfs"] = rootfs;
        }

        if (rootfs["diff_ids"] is not JsonArray diffIds)
        {
            diffIds = [];
            rootfs["diff_ids"] = diffIds;
        }

        var added = 0;
        foreach (var signature in signatures)
        {
            var payload = signature.Payload.ToArray();
            var layer = Descriptor.FromContent(signature.MediaType, payload) with
            {
                Annotations = new Dictionary<string, string>(signature.Annotations, StringComparer.Ordinal),
            };
            if (layers.Exists(l => CosignSignatureFinder.SameSignature(l, layer)))
            {
                continue;
            }

            await PushAsync(destination, layer, payload, cancellationToken).ConfigureAwait(false);
            layers.Add(layer);
            diffIds.Add((JsonNode)layer.Digest.ToString());
            added++;
        }

        if (added == 0)
        {
            return 0;
        }

        var newConfig = System.Text.Encoding.UTF8.GetBytes(config.ToJsonString());
        var configDescriptor = Descriptor.FromContent(MediaTypes.OciConfig, newConfig);
        await PushAsync(destination, configDescriptor, newConfig, cancellationToken).ConfigureAwait(false);
        var manifest = Manifest.Create(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = configDescriptor,
            Layers = layers,
        });
        await destination.PushManifestAsync(manifest, ReferrerTags.ForCosign(manifestDigest, ReferrerTags.CosignSignatureSuffix), cancellationToken).ConfigureAwait(false);
        return added;
    }

    /// <summary>Pushes a blob held in memory, unless the destination has it.</summary>
    internal static async Task PushAsync(IImageDestination destination, Descriptor descriptor, byte[] content, CancellationToken cancellationToken)
    {
        if (await destination.BlobExistsAsync(descriptor, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var pipe = PipeReader.Create(new ReadOnlySequence<byte>(content));
        await destination.PushBlobAsync(descriptor, pipe, cancellationToken).ConfigureAwait(false);
        await pipe.CompleteAsync().ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadConfigAsync(IImageSource source, Descriptor config, CancellationToken cancellationToken)
    {
        const int MaximumConfigSize = 4 * 1024 * 1024;
        if (config.Size is < 0 or > MaximumConfigSize)
        {
            throw new SignatureStoreException($"the sigstore attachment config {config.Digest} is {config.Size} bytes");
        }

        var bytes = new byte[config.Size];
        var content = await source.FetchBlobAsync(config, 0, cancellationToken).ConfigureAwait(false);
        await using (content.ConfigureAwait(false))
        {
            await content.Stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        }

        config.Digest.Verify(bytes);
        return bytes;
    }
}
