using BenchmarkDotNet.Attributes;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Benchmarks;

/// <summary>Parsing (with digest) and serialising a typical 8-layer image manifest and a 6-platform index.</summary>
[MemoryDiagnoser]
public class ManifestBenchmarks
{
    private byte[] _manifestBytes = [];
    private byte[] _indexBytes = [];
    private ImageManifest _manifest = null!;

    [GlobalSetup]
    public void Setup()
    {
        var layers = Enumerable.Range(0, 8)
            .Select(i => Descriptor.FromContent(MediaTypes.OciLayerGzip, BitConverter.GetBytes(i)) with { Size = 1_000_000L * (i + 1) })
            .ToList();
        _manifest = new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = Descriptor.FromContent(MediaTypes.OciConfig, "{}"u8),
            Layers = layers,
            Annotations = new Dictionary<string, string> { ["org.opencontainers.image.created"] = "2026-11-26T00:00:00Z" },
        };
        _manifestBytes = Manifest.Create(_manifest).Content.ToArray();
        string[] platforms = ["linux/amd64", "linux/arm64/v8", "linux/arm/v7", "linux/ppc64le", "linux/s390x", "linux/386"];
        _indexBytes = Manifest.Create(new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests = platforms.Select((p, i) => Descriptor.FromContent(MediaTypes.OciManifest, BitConverter.GetBytes(i)) with { Platform = Platform.Parse(p) }).ToList(),
        }).Content.ToArray();
    }

    [Benchmark]
    public Manifest ParseImageManifest() => Manifest.Parse(_manifestBytes, MediaTypes.OciManifest);

    [Benchmark]
    public Manifest ParseIndex() => Manifest.Parse(_indexBytes, MediaTypes.OciIndex);

    [Benchmark]
    public Manifest SerialiseImageManifest() => Manifest.Create(_manifest);
}
