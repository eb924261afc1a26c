using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace OciRegistry.Client.Cli.IntegrationTests.Support;

/// <summary>Docker archives written by the tests: large ones (without holding them in memory) and hostile ones.</summary>
internal static class GeneratedArchives
{
    /// <summary>
    /// Writes a gzip-compressed docker archive of one image tagged <c>signals/big:v1</c> whose single layer holds a
    /// file of <paramref name="size"/> bytes that gzip shrinks about 40 times (in each 4 KiB, 64 random bytes and
    /// zeros), so it is large once decompressed yet within the default decompression bound.
    /// </summary>
    public static void WriteLargeGzipDockerArchive(string path, long size)
    {
        var layer = path + ".layer.tar";
        try
        {
            using (var output = File.Create(layer))
            using (var writer = new TarWriter(output, TarEntryFormat.Pax))
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "data") { DataStream = new SparseNoise(size) });
            }

            string diffId;
            using (var input = File.OpenRead(layer))
            {
                diffId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(input));
            }

            using var archive = File.Create(path);
            using var gzip = new GZipStream(archive, CompressionLevel.Fastest);
            WriteDockerArchive(gzip, [Manifest("signals/big:v1")], diffId, layer);
        }
        finally
        {
            File.Delete(layer);
        }
    }

    /// <summary>Writes a small docker archive whose <c>manifest.json</c> appears twice, each naming a valid image (tags a:v1, then b:v1).</summary>
    public static void WriteDockerArchiveWithTwoManifests(string path)
    {
        var layer = path + ".layer.tar";
        try
        {
            using (var output = File.Create(layer))
            using (var writer = new TarWriter(output, TarEntryFormat.Pax))
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "hello") { DataStream = new MemoryStream("hello\n"u8.ToArray()) });
            }

            var diffId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(layer)));
            using var archive = File.Create(path);
            WriteDockerArchive(archive, [Manifest("a:v1"), Manifest("b:v1")], diffId, layer);
        }
        finally
        {
            File.Delete(layer);
        }
    }

    /// <summary>Writes a gzip stream of <paramref name="size"/> zero bytes: a decompression bomb (about 1,000 to 1).</summary>
    public static void WriteGzipZeros(string path, long size)
    {
        using var archive = File.Create(path);
        using var gzip = new GZipStream(archive, CompressionLevel.SmallestSize);
        var zeros = new byte[1024 * 1024];
        for (long written = 0; written < size; written += zeros.Length)
        {
            gzip.Write(zeros, 0, (int)Math.Min(zeros.Length, size - written));
        }
    }

    private static string Manifest(string tag) => $$"""[{"Config":"config.json","RepoTags":["{{tag}}"],"Layers":["layer/layer.tar"]}]""";

    private static void WriteDockerArchive(Stream output, IEnumerable<string> manifests, string diffId, string layer)
    {
        var config = $$$"""{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["{{{diffId}}}"]}}""";
        using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "config.json") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(config)) });
        writer.WriteEntry(layer, "layer/layer.tar");
        foreach (var manifest in manifests)
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "manifest.json") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(manifest)) });
        }
    }

    /// <summary>A read-only stream of a given length: in every 4 KiB, 64 pseudo-random bytes, then zeros.</summary>
    private sealed class SparseNoise(long length) : Stream
    {
        private readonly Random _random = new(15);
        private long _position;

        public override bool CanRead => true;

        // Seekable so TarWriter takes the length from it (nothing seeks it).
        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (var i = 0; i < n; i++)
            {
                buffer[offset + i] = (_position + i) % 4096 < 64 ? (byte)_random.Next(256) : (byte)0;
            }

            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) =>
            origin == SeekOrigin.Current && offset == 0 ? _position : throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
