namespace OciRegistry.Client;

/// <summary>Where an <see cref="ImageLocation"/> keeps its image: a registry or one of the on-disk formats.</summary>
public enum ImageTransport
{
    /// <summary><c>docker://REFERENCE</c>, an image in a registry that speaks the distribution API.</summary>
    Registry,

    /// <summary><c>oci:PATH[:TAG|:@N]</c>, an OCI image layout directory.</summary>
    OciLayout,

    /// <summary><c>oci-archive:PATH[:TAG|:@N]</c>, a tar of an OCI image layout.</summary>
    OciArchive,

    /// <summary><c>docker-archive:PATH[:NAME[:TAG]|:@N]</c>, the <c>docker save</c> format.</summary>
    DockerArchive,

    /// <summary><c>dir:PATH</c>, a directory holding one image's manifest and blobs as files.</summary>
    Directory,
}
