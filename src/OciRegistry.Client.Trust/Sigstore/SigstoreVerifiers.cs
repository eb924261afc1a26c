using OciRegistry.Client.Trust.Policy;
using OciRegistry.Client.Trust.Verification;

namespace OciRegistry.Client.Trust.Sigstore;

/// <summary>Builds the verifier of <c>sigstoreSigned</c> requirements.</summary>
internal static class SigstoreVerifiers
{
    public static IRequirementVerifier<SigstoreSignedRequirement> Create(TrustContext context) => new UnavailableSigstoreVerifier();

    /// <summary>Refuses every image a <c>sigstoreSigned</c> requirement applies to, saying why: no verifier is built in.</summary>
    private sealed class UnavailableSigstoreVerifier : IRequirementVerifier<SigstoreSignedRequirement>
    {
        public Task<SignatureVerdicts> VerifyAsync(SignatureSubject subject, SigstoreSignedRequirement requirement, CancellationToken cancellationToken) =>
            throw new TrustPolicyException("sigstoreSigned requirements cannot be verified by this build");
    }
}
