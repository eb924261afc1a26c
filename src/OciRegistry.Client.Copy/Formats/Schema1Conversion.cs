using System.Buffers;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using OciRegistry.Client.Content;
using OciRegistry.Client.Copy.Transports;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Formats;

/// <summary>
/// Converts a Docker schema 1 image (read only: never written as it is) to Docker schema 2 or OCI, as
/// containers/image does: the configuration is the newest <c>v1Compatibility</c> entry without its v1 identity
/// fields, plus a <c>history</c> built from every entry (oldest first; "throwaway" entries become empty layers) and a
/// <c>rootfs</c> of the layers' uncompressed digests; the layers are the non-throwaway <c>fsLayers</c>, oldest first.
/// Schema 1 names layers without sizes or uncompressed digests, so each distinct layer is read once from the source
/// here to learn both (its compressed digest is verified on the way); the copy then reads it again to transfer it.
/// The configuration is written byte for byte as containers/image writes it, so both tools give one digest.
/// </summary>
internal static partial class Schema1Conversion
{
    // The v1 identity fields that have no place in a schema 2 configuration.
    private static readonly HashSet<string> DroppedFields = new(StringComparer.Ordinal) { "id", "parent", "parent_id", "layer_id", "throwaway", "Size" };

    /// <summary>Converts <paramref name="manifest"/> to <paramref name="target"/>.</summary>
    /// <param name="source">Where the layers are read from.</param>
    /// <param name="manifest">The schema 1 manifest.</param>
    /// <param name="target">The format to write.</param>
    /// <param name="image">The image as the user named it, for messages.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The converted manifest and the configuration blob it names (which the source does not hold).</returns>
    /// <exception cref="ImageCopyException">The manifest is not a valid schema 1 manifest.</exception>
    /// <exception cref="DigestMismatchException">A layer's bytes do not match its <c>blobSum</c>.</exception>
    public static async Task<(Manifest Manifest, Descriptor Config, byte[] ConfigBytes)> ConvertAsync(
        IBlobFetcher source, Manifest manifest, ManifestFormat target, string image, CancellationToken cancellationToken)
    {
        var entries = Parse(manifest, image);
        var layers = new List<(Digest Digest, bool Gzip, long Size, Digest DiffId)>();
        var known = new Dictionary<Digest, (bool Gzip, long Size, Digest DiffId)>();
        foreach (var entry in entries.Where(e => !e.Throwaway))
        {
            if (!known.TryGetValue(entry.BlobSum, out var read))
            {
                read = await ReadLayerAsync(source, entry.BlobSum, cancellationToken).ConfigureAwait(false);
                known.Add(entry.BlobSum, read);
            }

            layers.Add((entry.BlobSum, read.Gzip, read.Size, read.DiffId));
        }

        var configBytes = BuildConfig(manifest, entries, layers.Select(l => l.DiffId), image);
        var config = new Descriptor
        {
            MediaType = target == ManifestFormat.Oci ? MediaTypes.OciConfig : MediaTypes.DockerConfig,
            Digest = Digest.Compute(configBytes),
            Size = configBytes.Length,
        };
        var layerDescriptors = layers.Select(l => new Descriptor { MediaType = LayerType(target, l.Gzip), Digest = l.Digest, Size = l.Size }).ToList();
        if (target == ManifestFormat.DockerV2S2)
        {
            return (DockerSchema2Json.CreateManifest(config, layerDescriptors), config, configBytes);
        }

        var converted = new ImageManifest { SchemaVersion = 2, MediaType = MediaTypes.OciManifest, Config = config, Layers = layerDescriptors };
        return (Manifest.Create(converted), config, configBytes);
    }

    /// <summary>The entries of a schema 1 manifest, oldest layer first.</summary>
    internal static List<Schema1Entry> Parse(Manifest manifest, string image)
    {
        try
        {
            using var document = JsonDocument.Parse(manifest.Content);
            var root = document.RootElement;
            var fsLayers = root.GetProperty("fsLayers").EnumerateArray().ToList();
            var history = root.GetProperty("history").EnumerateArray().ToList();
            if (fsLayers.Count == 0 || fsLayers.Count != history.Count)
            {
                throw Invalid(image, $"it has {fsLayers.Count} fsLayers and {history.Count} history entries; they must be as many, and not none");
            }

            var entries = new List<Schema1Entry>(fsLayers.Count);
            for (var i = fsLayers.Count - 1; i >= 0; i--)
            {
                var blobSum = Digest.Parse(fsLayers[i].GetProperty("blobSum").GetString() ?? string.Empty);
                var compatibility = history[i].GetProperty("v1Compatibility").GetString()
                    ?? throw Invalid(image, $"history entry {i} has no v1Compatibility");
                using var v1 = JsonDocument.Parse(compatibility);
                var item = v1.RootElement;
                var command = item.TryGetProperty("container_config", out var containerConfig) && containerConfig.ValueKind == JsonValueKind.Object
                    && containerConfig.TryGetProperty("Cmd", out var cmd) && cmd.ValueKind == JsonValueKind.Array
                    ? string.Join(' ', cmd.EnumerateArray().Select(a => a.GetString()))
                    : string.Empty;
                entries.Add(new Schema1Entry(
                    blobSum,
                    item.TryGetProperty("throwaway", out var throwaway) && throwaway.ValueKind == JsonValueKind.True,
                    Text(item, "created"),
                    Text(item, "author"),
                    Text(item, "comment"),
                    command));
            }

            return entries;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or InvalidDigestException or UnsupportedDigestAlgorithmException)
        {
            throw Invalid(image, "it is not a valid schema 1 manifest (fsLayers[].blobSum and history[].v1Compatibility are required)", e);
        }
    }

    private static byte[] BuildConfig(Manifest manifest, List<Schema1Entry> entries, IEnumerable<Digest> diffIds, string image)
    {
        using var document = JsonDocument.Parse(manifest.Content);
        var newest = document.RootElement.GetProperty("history")[0].GetProperty("v1Compatibility").GetString()!;
        using var v1 = JsonDocument.Parse(newest);
        if (v1.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(image, "its newest v1Compatibility entry is not a JSON object");
        }

        // Go decodes into a map (a repeated key keeps its last value) and writes the keys in byte order.
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in v1.RootElement.EnumerateObject())
        {
            if (!DroppedFields.Contains(property.Name))
            {
                fields[property.Name] = property.Value.GetRawText();
            }
        }

        fields["rootfs"] = RootFs(diffIds);
        fields["history"] = History(entries);

        var output = new ArrayBufferWriter<byte>();
        GoJsonWriter.WriteAscii(output, "{");
        var first = true;
        foreach (var (name, value) in fields)
        {
            if (!first)
            {
                GoJsonWriter.WriteAscii(output, ",");
            }

            first = false;
            GoJsonWriter.WriteString(name, output);
            GoJsonWriter.WriteAscii(output, ":");
            GoJsonWriter.WriteCompact(System.Text.Encoding.UTF8.GetBytes(value), output);
        }

        GoJsonWriter.WriteAscii(output, "}");
        return output.WrittenSpan.ToArray();
    }

    private static string RootFs(IEnumerable<Digest> diffIds)
    {
        var ids = diffIds.Select(d => $"\"{d}\"").ToList();
        return ids.Count == 0 ? """{"type":"layers"}""" : $$"""{"type":"layers","diff_ids":[{{string.Join(',', ids)}}]}""";
    }

    // containers/image's Schema2History: created (always), author, created_by, comment, empty_layer (when set).
    private static string History(List<Schema1Entry> entries)
    {
        var output = new ArrayBufferWriter<byte>();
        GoJsonWriter.WriteAscii(output, "[");
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            GoJsonWriter.WriteAscii(output, i == 0 ? "{\"created\":" : ",{\"created\":");
            GoJsonWriter.WriteString(GoTime(entry.Created), output);
            WriteOptional(output, "author", entry.Author);
            WriteOptional(output, "created_by", entry.CreatedBy);
            WriteOptional(output, "comment", entry.Comment);
            if (entry.Throwaway)
            {
                GoJsonWriter.WriteAscii(output, ",\"empty_layer\":true");
            }

            GoJsonWriter.WriteAscii(output, "}");
        }

        GoJsonWriter.WriteAscii(output, "]");
        return System.Text.Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static void WriteOptional(ArrayBufferWriter<byte> output, string name, string value)
    {
        if (value.Length > 0)
        {
            GoJsonWriter.WriteAscii(output, $",\"{name}\":");
            GoJsonWriter.WriteString(value, output);
        }
    }

    // Go writes a time.Time as RFC 3339 with the fraction's trailing zeros removed, and the zero time when absent.
    internal static string GoTime(string created)
    {
        if (created.Length == 0)
        {
            return "0001-01-01T00:00:00Z";
        }

        var match = Rfc3339().Match(created);
        if (!match.Success)
        {
            return created;
        }

        var fraction = match.Groups["fraction"].Value.TrimEnd('0');
        var zone = match.Groups["zone"].Value;
        if (zone is "z" or "+00:00" or "-00:00")
        {
            zone = "Z";
        }

        return $"{match.Groups["seconds"].Value}{(fraction.Length > 1 ? fraction : string.Empty)}{zone}";
    }

    private static async Task<(bool Gzip, long Size, Digest DiffId)> ReadLayerAsync(IBlobFetcher source, Digest blobSum, CancellationToken cancellationToken)
    {
        var descriptor = new Descriptor { MediaType = MediaTypes.DockerLayerGzip, Digest = blobSum, Size = -1 };
        var content = await source.FetchBlobAsync(descriptor, 0, cancellationToken).ConfigureAwait(false);
        await using (content.ConfigureAwait(false))
        {
            using var compressed = IncrementalDigest.For(blobSum);
            using var uncompressed = IncrementalDigest.Create(blobSum.Algorithm);
            var buffer = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                var first = await ReadSomeAsync(content.Stream, buffer, cancellationToken).ConfigureAwait(false);
                var gzip = first >= 2 && buffer[0] == 0x1f && buffer[1] == 0x8b;
                if (!gzip)
                {
                    compressed.Append(buffer.AsSpan(0, first));
                    uncompressed.Append(buffer.AsSpan(0, first));
                    int read;
                    while ((read = await content.Stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        compressed.Append(buffer.AsSpan(0, read));
                        uncompressed.Append(buffer.AsSpan(0, read));
                    }
                }
                else
                {
                    var hashing = new HashingReadStream(new PrefixedStream(buffer.AsMemory(0, first).ToArray(), content.Stream), compressed);
                    var gunzip = new GZipStream(hashing, CompressionMode.Decompress);
                    await using (gunzip.ConfigureAwait(false))
                    {
                        int read;
                        while ((read = await gunzip.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                        {
                            uncompressed.Append(buffer.AsSpan(0, read));
                        }

                        // Trailing bytes after the gzip member still count towards the compressed digest.
                        while (await hashing.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
                        {
                        }
                    }
                }

                var size = compressed.BytesHashed;
                compressed.Verify(blobSum, content.Size >= 0 && content.Offset == 0 ? content.Size : null);
                return (gzip, size, uncompressed.Complete());
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static async Task<int> ReadSomeAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < 2)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static string LayerType(ManifestFormat target, bool gzip) => (target, gzip) switch
    {
        (ManifestFormat.Oci, true) => MediaTypes.OciLayerGzip,
        (ManifestFormat.Oci, false) => MediaTypes.OciLayer,
        (_, true) => MediaTypes.DockerLayerGzip,
        _ => MediaTypes.DockerLayer,
    };

    private static string Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : string.Empty;

    private static ImageCopyException Invalid(string image, string reason, Exception? inner = null) =>
        new($"The schema 1 manifest of {image} cannot be converted: {reason}.", inner);

    [GeneratedRegex(@"^(?<seconds>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?<fraction>\.\d+)?(?<zone>[Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}

/// <summary>One layer entry of a schema 1 manifest with what its <c>v1Compatibility</c> says about it.</summary>
internal sealed record Schema1Entry(Digest BlobSum, bool Throwaway, string Created, string Author, string Comment, string CreatedBy);
