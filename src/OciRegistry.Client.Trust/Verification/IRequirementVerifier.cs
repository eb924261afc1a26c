using OciRegistry.Client.Trust.Policy;

namespace OciRegistry.Client.Trust.Verification;

/// <summary>
/// Checks the signatures of one image against one signature requirement of a policy (<c>signedBy</c>,
/// <c>sigstoreSigned</c>): finds them, verifies each cryptographically, then its digest against
/// <see cref="SignatureSubject.ManifestDigest"/> and its identity with the requirement's <c>signedIdentity</c>.
/// </summary>
/// <typeparam name="TRequirement">The requirement it verifies.</typeparam>
internal interface IRequirementVerifier<in TRequirement>
    where TRequirement : PolicyRequirement
{
    /// <summary>Verifies every signature found for the image.</summary>
    /// <param name="subject">The image.</param>
    /// <param name="requirement">The requirement.</param>
    /// <param name="cancellationToken">Stops downloads and verification.</param>
    /// <returns>
    /// The signatures accepted and, for each one refused, why; both empty when the image has no signature. The
    /// requirement holds when at least one is accepted.
    /// </returns>
    /// <exception cref="TrustPolicyException">The requirement cannot be used at all (a key file is missing or unreadable); the policy is at fault, not the image.</exception>
    /// <exception cref="SignatureStoreException">Signatures cannot be read (a lookaside server failing, a redirect to another origin, an oversized signature).</exception>
    Task<SignatureVerdicts> VerifyAsync(SignatureSubject subject, TRequirement requirement, CancellationToken cancellationToken);
}
