namespace OciRegistry.Client.Trust.Sigstore;

/// <summary>Media types of cosign's signature attachments.</summary>
public static class SigstoreMediaTypes
{
    /// <summary>The payload of an image signature: a JSON document naming the image's reference and manifest digest.</summary>
    public const string SimpleSigningPayload = "application/vnd.dev.cosign.simplesigning.v1+json";
}
