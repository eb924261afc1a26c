using OciRegistry.Client.Trust.Policy;
using OciRegistry.Client.Trust.Sigstore;
using OciRegistry.Client.Trust.SimpleSigning;

namespace OciRegistry.Client.Trust.Verification;

/// <summary>The verifier of each signature requirement type, built once per trust policy service.</summary>
/// <param name="SignedBy">Verifies <c>signedBy</c> (simple signing, OpenPGP).</param>
/// <param name="SigstoreSigned">Verifies <c>sigstoreSigned</c>.</param>
internal sealed record RequirementVerifiers(
    IRequirementVerifier<SignedByRequirement> SignedBy,
    IRequirementVerifier<SigstoreSignedRequirement> SigstoreSigned)
{
    public static RequirementVerifiers Create(TrustContext context) =>
        new(new SimpleSigningVerifier(context), SigstoreVerifiers.Create(context));
}
