namespace OciRegistry.Client.Trust.Sigstore.Verification;

/// <summary>Why a sigstore signature was not accepted; each failure has its own value so callers and tests can tell them apart.</summary>
public enum SigstoreRejectionReason
{
    /// <summary>The payload is larger than verification reads.</summary>
    PayloadTooLarge,

    /// <summary>The signature annotation is missing or not base64.</summary>
    MissingSignature,

    /// <summary>The signature does not verify with any trusted key (or the certificate's key): the payload or the signature was altered, or another key signed it.</summary>
    SignatureInvalid,

    /// <summary>The payload verifies but is not a sigstore image signature payload.</summary>
    PayloadInvalid,

    /// <summary>The signature is for another manifest digest.</summary>
    DigestMismatch,

    /// <summary>The signature is for an identity (docker reference) the policy does not accept.</summary>
    IdentityMismatch,

    /// <summary>A Rekor bundle is required but the signature has none.</summary>
    RekorBundleMissing,

    /// <summary>The Rekor bundle is malformed, or its signed entry timestamp does not verify with any trusted Rekor key.</summary>
    RekorBundleInvalid,

    /// <summary>The Rekor entry is for another signature, key, certificate or payload.</summary>
    RekorEntryMismatch,

    /// <summary>A certificate (Fulcio or PKI) is required but the signature has none, or it cannot be parsed.</summary>
    CertificateInvalid,

    /// <summary>The certificate does not chain to a trusted Fulcio or PKI root, or is not for code signing.</summary>
    CertificateUntrusted,

    /// <summary>The certificate (or a certificate of its chain) was not valid at the time that counts: when Rekor recorded a keyless signature, the time of verification for a PKI certificate.</summary>
    CertificateExpired,

    /// <summary>The certificate was issued for another OIDC issuer.</summary>
    OidcIssuerMismatch,

    /// <summary>The certificate was issued for another subject (email address).</summary>
    SubjectMismatch,

    /// <summary>The certificate is not valid for the required hostname.</summary>
    HostnameMismatch,
}
