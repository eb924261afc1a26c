using OciRegistry.Client.Trust.Policy;
using OciRegistry.Client.Trust.Verification;

namespace OciRegistry.Client.Trust.Sigstore;

/// <summary>Builds the verifier of <c>sigstoreSigned</c> requirements.</summary>
internal static class SigstoreVerifiers
{
    public static IRequirementVerifier<SigstoreSignedRequirement> Create(TrustContext context) => new SigstoreRequirementVerifier(context);
}
