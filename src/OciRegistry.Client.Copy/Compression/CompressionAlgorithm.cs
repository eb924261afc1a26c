namespace OciRegistry.Client.Copy;

/// <summary>An algorithm a copy compresses layers with (<see cref="CopyOptions.CompressionAlgorithm"/>).</summary>
public enum CompressionAlgorithm
{
    /// <summary>gzip: the layer type every registry and runtime reads.</summary>
    Gzip,

    /// <summary>zstd: smaller and faster to decompress; OCI only (Docker schema 2 has no zstd layer type).</summary>
    Zstd,
}
