namespace OciRegistry.Client.Trust.Sigstore.Attachments;

/// <summary>
/// cosign's tag convention for signatures stored beside an image: the manifest digest with its colon replaced by a
/// dash, and <c>.sig</c> (<c>sha256:ab…</c> → <c>sha256-ab….sig</c>). Registries without the OCI referrers API still
/// serve it, which is why cosign and containers/image use it.
/// </summary>
internal static class CosignAttachmentTag
{
    public static string ForSignaturesOf(Digest manifestDigest)
    {
        ArgumentNullException.ThrowIfNull(manifestDigest);
        return $"{manifestDigest.Algorithm}-{manifestDigest.Encoded}.sig";
    }
}
