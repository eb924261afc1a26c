namespace OciRegistry.Client.Copy;

/// <summary>What a copy does to the compression of image layers (<see cref="CopyOptions.LayerCompression"/>).</summary>
public enum LayerCompression
{
    /// <summary>Layers are copied as they are.</summary>
    Preserve,

    /// <summary>
    /// Uncompressed layers are compressed with <see cref="CopyOptions.CompressionAlgorithm"/> (gzip when it is not
    /// set); a layer compressed with another algorithm than the one set is decompressed and compressed again; the others
    /// are copied as they are.
    /// </summary>
    Compress,

    /// <summary>Compressed layers are decompressed: the destination holds the uncompressed tars.</summary>
    Decompress,
}
