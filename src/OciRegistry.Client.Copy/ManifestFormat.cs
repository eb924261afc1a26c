namespace OciRegistry.Client.Copy;

/// <summary>The manifest format to write, as skopeo's <c>--format</c>.</summary>
public enum ManifestFormat
{
    /// <summary>OCI image manifests and indexes (<c>oci</c>).</summary>
    Oci = 0,

    /// <summary>Docker image manifests, schema 2, and manifest lists (<c>v2s2</c>).</summary>
    DockerV2S2,
}
