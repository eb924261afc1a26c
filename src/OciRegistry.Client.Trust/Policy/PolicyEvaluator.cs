using OciRegistry.Client.Content;
using OciRegistry.Client.Trust.Signatures;
using OciRegistry.Client.Trust.Verification;

namespace OciRegistry.Client.Trust.Policy;

/// <summary>
/// Judges an image against a policy: finds the scope that applies, then checks every requirement of it (all must
/// hold; a signature requirement holds when at least one signature is accepted) and says why each failing one failed.
/// </summary>
internal sealed class PolicyEvaluator(TrustPolicy policy, RegistriesConfiguration registries, RequirementVerifiers verifiers)
{
    public TrustPolicy Policy => policy;

    public async Task<TrustVerdict> EvaluateAsync(ImageTrustSubject image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (scopes, description) = Describe(image);
        var (scope, requirements) = policy.RequirementsFor(scopes);
        var storage = scopes.Transport == PolicyScopes.Docker ? registries.For(scopes.Candidates) : SignatureStorage.None;
        var subject = new SignatureSubject(image, description, scopes.Identity, image.Manifest.Digest, storage);
        var accepted = new List<AcceptedSignature>();
        var reasons = new List<string>();
        foreach (var requirement in requirements)
        {
            switch (requirement)
            {
                case InsecureAcceptAnythingRequirement:
                    break;
                case RejectRequirement:
                    reasons.Add("reject: the policy rejects every image in this scope");
                    break;
                case SignedByRequirement signedBy:
                    Collect(signedBy.Type, await verifiers.SignedBy.VerifyAsync(subject, signedBy, cancellationToken).ConfigureAwait(false), subject, accepted, reasons);
                    break;
                case SigstoreSignedRequirement sigstore:
                    Collect(sigstore.Type, await verifiers.SigstoreSigned.VerifyAsync(subject, sigstore, cancellationToken).ConfigureAwait(false), subject, accepted, reasons);
                    break;
                default:
                    throw new TrustPolicyException($"trust policy {policy.Source}: requirement type {requirement.Type} cannot be evaluated");
            }
        }

        return new TrustVerdict(description, scope, image.Manifest.Digest, accepted, reasons);
    }

    private static void Collect(string type, SignatureVerdicts verdicts, SignatureSubject subject, List<AcceptedSignature> accepted, List<string> reasons)
    {
        if (verdicts.Accepted.Count > 0)
        {
            accepted.AddRange(verdicts.Accepted);
            return;
        }

        if (verdicts.Rejected.Count == 0)
        {
            var where = verdicts.Searched is { } searched ? $" (looked for in {searched})"
                : subject.Image.Location?.Transport == ImageTransport.Directory || subject.Storage.Lookaside is not null || subject.Storage.UseSigstoreAttachments
                ? string.Empty
                : " (no signature storage is configured for this image in registries.d)";
            reasons.Add($"{type}: no signature{where}");
            return;
        }

        reasons.Add($"{type}: {string.Join(", ", verdicts.Rejected)}");
    }

    /// <summary>The image's policy scopes and its name for messages, from its location or, without one, its store.</summary>
    internal static (PolicyScopes Scopes, string Description) Describe(ImageTrustSubject image)
    {
        if (image.Location is { } location)
        {
            return (PolicyScopes.For(location), location.ToString());
        }

        var store = image.Source.Description ?? ImageStoreDescription.Default;
        if (store.Registry is { } registry && store.Repository is { } repository
            && ImageReference.TryParse($"{registry}/{repository}", out var name))
        {
            var reference = Digest.TryParse(image.Reference, out var digest) ? name.WithDigest(digest)
                : ImageReference.IsValidTag(image.Reference) ? name.WithTag(image.Reference)
                : name.WithDefaultTag();
            return (PolicyScopes.ForRegistry(reference), "docker://" + reference);
        }

        // A store that says nothing about where it is falls under the policy's default only.
        return (new PolicyScopes(string.Empty, [], null), image.Reference.Length > 0 ? image.Reference : image.Manifest.Digest.ToString());
    }
}
