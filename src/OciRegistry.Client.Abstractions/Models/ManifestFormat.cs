namespace OciRegistry.Client.Models;

/// <summary>A manifest format a copy can write, or the only one a store holds.</summary>
public enum ManifestFormat
{
    /// <summary>OCI image manifests and indexes.</summary>
    Oci = 0,

    /// <summary>Docker image manifests, schema 2, and manifest lists.</summary>
    DockerV2S2,
}
