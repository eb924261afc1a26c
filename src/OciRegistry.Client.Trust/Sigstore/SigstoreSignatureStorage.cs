namespace OciRegistry.Client.Trust.Sigstore;

/// <summary>Where sigstore signatures made on copy are stored in the destination registry.</summary>
public enum SigstoreSignatureStorage
{
    /// <summary>
    /// In cosign's attachment tagged <c>sha256-HEX.sig</c>, one layer per signature: what containers/image and every
    /// cosign release read. The default.
    /// </summary>
    AttachmentTag,

    /// <summary>
    /// As an OCI 1.1 referrer: a manifest of artifact type <c>application/vnd.dev.cosign.artifact.sig.v1+json</c>
    /// whose <c>subject</c> is the image and whose one layer is the signature, as
    /// <c>cosign sign --registry-referrers-mode=oci-1-1</c> writes it. Listed by the registry's referrers API, or by the
    /// referrers tag schema's index where the registry has none.
    /// </summary>
    Referrer,
}
