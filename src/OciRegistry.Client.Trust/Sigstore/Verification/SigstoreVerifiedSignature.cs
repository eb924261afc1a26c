namespace OciRegistry.Client.Trust.Sigstore.Verification;

/// <summary>A sigstore signature that was accepted: what it signs and who signed it.</summary>
public sealed class SigstoreVerifiedSignature
{
    internal SigstoreVerifiedSignature(SigstorePayload payload, string signer, DateTimeOffset? loggedAt)
    {
        Payload = payload;
        Signer = signer;
        LoggedAt = loggedAt;
    }

    /// <summary>Gets the verified payload: the signed identity and manifest digest.</summary>
    public SigstorePayload Payload { get; }

    /// <summary>Gets who signed: the key that verified, or the certificate's subject and OIDC issuer.</summary>
    public string Signer { get; }

    /// <summary>Gets when Rekor logged the signature, when a Rekor bundle was verified.</summary>
    public DateTimeOffset? LoggedAt { get; }
}
