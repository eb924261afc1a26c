namespace OciRegistry.Client.Trust.Sigstore;

/// <summary>The annotation keys cosign puts on a signature layer.</summary>
public static class SigstoreAnnotations
{
    /// <summary>The base64 ASN.1 DER signature over the payload.</summary>
    public const string Signature = "dev.cosignproject.cosign/signature";

    /// <summary>The PEM signing certificate (keyless signatures, issued by Fulcio).</summary>
    public const string Certificate = "dev.sigstore.cosign/certificate";

    /// <summary>The PEM certificate chain from the signing certificate's issuer up to the root.</summary>
    public const string Chain = "dev.sigstore.cosign/chain";

    /// <summary>The Rekor bundle: the signed entry timestamp (SET) and the log entry it signs, as JSON.</summary>
    public const string Bundle = "dev.sigstore.cosign/bundle";
}
