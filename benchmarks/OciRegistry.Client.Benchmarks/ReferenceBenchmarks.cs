using BenchmarkDotNet.Attributes;

namespace OciRegistry.Client.Benchmarks;

/// <summary>Parsing image references of the shapes users type: short Docker Hub names, registry paths, digests.</summary>
[MemoryDiagnoser]
public class ReferenceBenchmarks
{
    [Params(
        "nginx",
        "ghcr.io/org/team/app:1.2.3",
        "localhost:5000/a/b@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "Invalid/Name")]
    public string Reference { get; set; } = string.Empty;

    [Benchmark]
    public bool TryParse() => ImageReference.TryParse(Reference, out _);

    [Benchmark]
    public string? ParseAndFormatCanonical() => ImageReference.TryParse(Reference, out var parsed) ? parsed.ToString() : null;
}
