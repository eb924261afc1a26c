namespace OciRegistry.Client.Copy.Transports;

/// <summary>The on-disk transports, named as skopeo names them.</summary>
public enum ImageTransport
{
    /// <summary><c>oci:PATH[:TAG|:@N]</c>, an OCI image layout directory.</summary>
    OciLayout,

    /// <summary><c>oci-archive:PATH[:TAG|:@N]</c>, a tar of an OCI image layout.</summary>
    OciArchive,

    /// <summary><c>docker-archive:PATH[:NAME:TAG|:@N]</c>, the <c>docker save</c> format.</summary>
    DockerArchive,

    /// <summary><c>dir:PATH</c>, skopeo's directory format.</summary>
    Directory,
}
