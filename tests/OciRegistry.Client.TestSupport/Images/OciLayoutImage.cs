namespace OciRegistry.Client.TestSupport.Images;

/// <summary>An image tagged in an OCI image layout directory.</summary>
public sealed record OciLayoutImage(string LayoutDirectory, string Tag, Digest ManifestDigest)
{
    /// <summary><c>oci:DIR:TAG</c>, the skopeo transport reference.</summary>
    public string SkopeoReference => $"oci:{LayoutDirectory}:{Tag}";
}
