namespace OciRegistry.Client.Trust.Verification;

/// <summary>What a requirement verifier concluded about each signature of an image.</summary>
/// <param name="Accepted">The signatures accepted.</param>
/// <param name="Rejected">The signatures refused, each with why.</param>
internal sealed record SignatureVerdicts(IReadOnlyList<AcceptedSignature> Accepted, IReadOnlyList<SignatureRejection> Rejected)
{
    /// <summary>No signature at all.</summary>
    public static SignatureVerdicts None { get; } = new([], []);

    /// <summary>Gets where the signatures were looked for, for messages (<c>the cosign attachment tag … and the referrers of …</c>); <see langword="null"/> when the verifier does not say.</summary>
    public string? Searched { get; init; }
}

/// <summary>Why one signature was refused.</summary>
/// <param name="Signature">Which signature, for messages: <c>signature-2</c>, <c>sha256-….sig layer 1</c>.</param>
/// <param name="Reason">The kind of failure.</param>
/// <param name="Detail">The specifics, one line: the other key's fingerprint, the identity or digest the signature names, the verification error.</param>
internal sealed record SignatureRejection(string Signature, SignatureRejectionReason Reason, string Detail)
{
    public override string ToString() => $"{Signature}: {Detail}";
}

/// <summary>The kinds of refusal a policy reports.</summary>
internal enum SignatureRejectionReason
{
    /// <summary>Signed by a key (or certificate) the requirement does not trust.</summary>
    OtherKey,

    /// <summary>Cryptographically valid, but names an identity <c>signedIdentity</c> does not accept.</summary>
    OtherIdentity,

    /// <summary>Cryptographically valid, but names another manifest digest.</summary>
    OtherDigest,

    /// <summary>Not a valid signature: corrupt, tampered, an unreadable payload, an expired or untrusted certificate, a missing Rekor proof.</summary>
    Invalid,
}
