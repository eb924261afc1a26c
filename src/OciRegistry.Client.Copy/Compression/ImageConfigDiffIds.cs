using System.Text.Json;

namespace OciRegistry.Client.Copy.Compression;

/// <summary>Reads the <c>rootfs.diff_ids</c> of an image configuration: the digests of the layers' uncompressed tars.</summary>
internal static class ImageConfigDiffIds
{
    /// <summary>Reads the diff IDs.</summary>
    /// <param name="config">The configuration's bytes.</param>
    /// <returns>The diff IDs in layer order, or <see langword="null"/> when the configuration has none that parse.</returns>
    public static IReadOnlyList<Digest>? Read(ReadOnlySpan<byte> config)
    {
        try
        {
            var reader = new Utf8JsonReader(config);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("rootfs", out var rootfs) || rootfs.ValueKind != JsonValueKind.Object
                || !rootfs.TryGetProperty("diff_ids", out var diffIds) || diffIds.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            return [.. diffIds.EnumerateArray().Select(d => Digest.Parse(d.GetString() ?? string.Empty))];
        }
        catch (Exception e) when (e is JsonException or InvalidDigestException or UnsupportedDigestAlgorithmException or InvalidOperationException)
        {
            return null;
        }
    }
}
