using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OciRegistry.Client.CopyBenchmark;

/// <summary>
/// Writes a workload image as an OCI layout: <c>--layers</c> layers, each a gzip'd tar of one file of
/// <c>--layer-size</c> random bytes. Random bytes do not compress, so the gzip stream is written with stored deflate
/// blocks (what any gzip ends up emitting for them, at a fraction of the CPU): the blob is the file's size plus a few
/// bytes per 64 KiB. Then an image
/// config whose <c>diff_ids</c> are the uncompressed tars' digests, an OCI image manifest, and <c>index.json</c>
/// naming it with <c>--tag</c>. The harness pushes it into the source registry with skopeo.
/// </summary>
internal static class WorkloadGenerator
{
    private const string LayerMediaType = "application/vnd.oci.image.layer.v1.tar+gzip";
    private const string ConfigMediaType = "application/vnd.oci.image.config.v1+json";
    private const string ManifestMediaType = "application/vnd.oci.image.manifest.v1+json";

    public static async Task RunAsync(string[] args)
    {
        var line = new CommandLine(args);
        var output = Path.GetFullPath(line.Required("--output"));
        var layerCount = (int)line.Int64("--layers", 1);
        var layerSize = line.Int64("--layer-size", 64L * 1024 * 1024);
        var tag = line.Optional("--tag") ?? "latest";
        var seed = (int)line.Int64("--seed", 1);
        if (layerCount < 1 || layerSize < 0)
        {
            throw new ArgumentException("--layers must be at least 1 and --layer-size not negative.");
        }

        var blobs = Directory.CreateDirectory(Path.Combine(output, "blobs", "sha256")).FullName;
        var layers = new List<(string Digest, long Size, string DiffId)>();
        for (var i = 0; i < layerCount; i++)
        {
            layers.Add(await WriteLayerAsync(blobs, i, layerSize, seed + i).ConfigureAwait(false));
        }

        var config = Json(w =>
        {
            w.WriteString("created", "2026-01-01T00:00:00Z");
            w.WriteString("architecture", "amd64");
            w.WriteString("os", "linux");
            w.WriteStartObject("config");
            w.WriteEndObject();
            w.WriteStartObject("rootfs");
            w.WriteString("type", "layers");
            w.WriteStartArray("diff_ids");
            foreach (var layer in layers)
            {
                w.WriteStringValue(layer.DiffId);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        var configDigest = await WriteBlobAsync(blobs, config).ConfigureAwait(false);

        var manifest = Json(w =>
        {
            w.WriteNumber("schemaVersion", 2);
            w.WriteString("mediaType", ManifestMediaType);
            w.WritePropertyName("config");
            WriteDescriptor(w, ConfigMediaType, configDigest, config.Length);
            w.WriteStartArray("layers");
            foreach (var layer in layers)
            {
                WriteDescriptor(w, LayerMediaType, layer.Digest, layer.Size);
            }

            w.WriteEndArray();
        });
        var manifestDigest = await WriteBlobAsync(blobs, manifest).ConfigureAwait(false);

        var index = Json(w =>
        {
            w.WriteNumber("schemaVersion", 2);
            w.WriteStartArray("manifests");
            w.WriteStartObject();
            w.WriteString("mediaType", ManifestMediaType);
            w.WriteString("digest", manifestDigest);
            w.WriteNumber("size", manifest.Length);
            w.WriteStartObject("annotations");
            w.WriteString("org.opencontainers.image.ref.name", tag);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
        });
        await File.WriteAllBytesAsync(Path.Combine(output, "index.json"), index).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(output, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""").ConfigureAwait(false);
        Console.WriteLine(manifestDigest);
    }

    // tar (one file of random bytes) → hash of the tar (diff_id) → gzip → hash of the blob (digest) → file.
    private static async Task<(string Digest, long Size, string DiffId)> WriteLayerAsync(string blobs, int index, long size, int seed)
    {
        var temporary = Path.Combine(blobs, $".layer-{index}.tmp");
        string digest, diffId;
        long compressedSize;
        var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: false);
        await using (file.ConfigureAwait(false))
        {
            var compressed = new DigestingStream(file);
            var uncompressed = new DigestingStream(new GZipStream(compressed, CompressionLevel.NoCompression, leaveOpen: true));
            await using (uncompressed.ConfigureAwait(false))
            {
                var tar = new TarWriter(uncompressed, TarEntryFormat.Pax, leaveOpen: true);
                await using (tar.ConfigureAwait(false))
                {
                    var entry = new PaxTarEntry(TarEntryType.RegularFile, $"data/layer-{index}.bin")
                    {
                        DataStream = new RandomStream(size, seed),
                        Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                        ModificationTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
                    };
                    await tar.WriteEntryAsync(entry).ConfigureAwait(false);
                }

                diffId = uncompressed.Complete();
            }

            digest = compressed.Complete();
            compressedSize = compressed.Length;
        }

        File.Move(temporary, Path.Combine(blobs, digest["sha256:".Length..]), overwrite: true);
        return (digest, compressedSize, diffId);
    }

    private static async Task<string> WriteBlobAsync(string blobs, byte[] content)
    {
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
        await File.WriteAllBytesAsync(Path.Combine(blobs, digest["sha256:".Length..]), content).ConfigureAwait(false);
        return digest;
    }

    private static void WriteDescriptor(Utf8JsonWriter w, string mediaType, string digest, long size)
    {
        w.WriteStartObject();
        w.WriteString("mediaType", mediaType);
        w.WriteString("digest", digest);
        w.WriteNumber("size", size);
        w.WriteEndObject();
    }

    private static byte[] Json(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>A write-only pass-through that hashes (SHA-256) and counts what is written to it.</summary>
    private sealed class DigestingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public string Complete() => "sha256:" + Convert.ToHexStringLower(_hash.GetCurrentHash());

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            _length += buffer.Length;
            inner.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _hash.AppendData(buffer.Span);
            _length += buffer.Length;
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                _hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>A seekable read-only stream of <c>length</c> pseudo-random bytes (so a tar writer can read its size).</summary>
    private sealed class RandomStream(long length, int seed) : Stream
    {
        private readonly Random _random = new(seed);
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => _position = value; }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = (int)Math.Min(buffer.Length, length - _position);
            if (count <= 0)
            {
                return 0;
            }

            _random.NextBytes(buffer[..count]);
            _position += count;
            return count;
        }

        public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
