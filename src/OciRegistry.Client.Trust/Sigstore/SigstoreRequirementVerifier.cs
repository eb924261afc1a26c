using Microsoft.Extensions.Logging;
using OciRegistry.Client.Trust.Policy;
using OciRegistry.Client.Trust.Sigstore.Attachments;
using OciRegistry.Client.Trust.Sigstore.Verification;
using OciRegistry.Client.Trust.Verification;

namespace OciRegistry.Client.Trust.Sigstore;

/// <summary>
/// Verifies <c>sigstoreSigned</c>: reads the image's cosign signatures from its store, both the attachment tagged
/// <c>sha256-HEX.sig</c> and the OCI 1.1 referrers cosign writes (<see cref="CosignSignatureFinder"/>), and checks each
/// image signature layer with <see cref="SigstoreVerifier"/> against the requirement's keys, or Fulcio
/// and Rekor roots, or PKI roots, and its <c>signedIdentity</c>. Attachments are read whenever a <c>sigstoreSigned</c> requirement
/// is evaluated, whatever registries.d's <c>use-sigstore-attachments</c> says: the setting chooses where signatures are
/// written, and a policy that asks for sigstore signatures means to look for them.
/// </summary>
internal sealed partial class SigstoreRequirementVerifier(TrustContext context) : IRequirementVerifier<SigstoreSignedRequirement>
{
    public const string Kind = "sigstore";

    private readonly ILogger _logger = context.LoggerFactory.CreateLogger<SigstoreRequirementVerifier>();

    public async Task<SignatureVerdicts> VerifyAsync(SignatureSubject subject, SigstoreSignedRequirement requirement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(requirement);
        var trustRoot = await SigstoreTrustRootLoader.LoadAsync(requirement, cancellationToken).ConfigureAwait(false);
        var source = subject.Image.Source;
        var found = await CosignSignatureFinder.FindAsync(source, subject.ManifestDigest, cancellationToken).ConfigureAwait(false);
        var places = CosignSignatureFinder.DescribePlaces(source, subject.ManifestDigest);
        var maximumSize = Math.Min(context.Options.MaxSignatureSize, SigstoreVerifier.MaximumPayloadSize);
        var accepted = new List<AcceptedSignature>();
        var rejected = new List<SignatureRejection>();
        foreach (var (name, layer) in found.Layers)
        {
            if (layer.MediaType != SigstoreMediaTypes.SimpleSigningPayload)
            {
                continue;
            }

            var signature = await CosignAttachmentReader.ReadSignatureAsync(source, layer, maximumSize, cancellationToken).ConfigureAwait(false);
            if (signature is null)
            {
                rejected.Add(new SignatureRejection(name, SignatureRejectionReason.Invalid, $"the signature payload is {layer.Size} bytes, more than the {maximumSize} read"));
                continue;
            }

            try
            {
                var verified = SigstoreVerifier.Verify(
                    trustRoot,
                    signature,
                    subject.ManifestDigest,
                    signed => ImageReference.TryParse(signed, out var reference) && requirement.SignedIdentity.Matches(subject.Identity, reference),
                    context.Time.GetUtcNow());
                accepted.Add(new AcceptedSignature(Kind, verified.Signer, verified.Payload.DockerReference, verified.Payload.ManifestDigest));
                Log.Accepted(_logger, subject.Description, name, verified.Signer);
            }
            catch (SigstoreSignatureRejectedException e)
            {
                var detail = e.Reason == SigstoreRejectionReason.IdentityMismatch
                    ? $"{e.Message} (accepted: {requirement.SignedIdentity.Describe(subject.Identity)})"
                    : e.Message;
                rejected.Add(new SignatureRejection(name, ReasonFor(e.Reason), detail));
                Log.Rejected(_logger, subject.Description, name, detail);
            }
        }

        return new SignatureVerdicts(accepted, rejected) { Searched = places };
    }

    private static SignatureRejectionReason ReasonFor(SigstoreRejectionReason reason) => reason switch
    {
        SigstoreRejectionReason.DigestMismatch => SignatureRejectionReason.OtherDigest,
        SigstoreRejectionReason.IdentityMismatch => SignatureRejectionReason.OtherIdentity,
        SigstoreRejectionReason.SignatureInvalid or SigstoreRejectionReason.OidcIssuerMismatch or SigstoreRejectionReason.SubjectMismatch
            or SigstoreRejectionReason.HostnameMismatch => SignatureRejectionReason.OtherKey,
        _ => SignatureRejectionReason.Invalid,
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 5101, Level = LogLevel.Debug, Message = "Image {Image}: {Signature} accepted, signed by {Signer}")]
        public static partial void Accepted(ILogger logger, string image, string signature, string signer);

        [LoggerMessage(EventId = 5102, Level = LogLevel.Debug, Message = "Image {Image}: {Signature} refused: {Reason}")]
        public static partial void Rejected(ILogger logger, string image, string signature, string reason);
    }
}
