using Microsoft.Extensions.Logging;
using OciRegistry.Client.Trust.Policy;
using OciRegistry.Client.Trust.Verification;

namespace OciRegistry.Client.Trust.SimpleSigning;

/// <summary>
/// Verifies <c>signedBy</c> (<c>GPGKeys</c>): every simple signature of the image (from its lookaside, or the
/// <c>signature-N</c> files of a <c>dir:</c> image) is checked with GnuPG against a keyring of only the trusted keys,
/// then its payload's digest against the manifest and its identity with <c>signedIdentity</c>.
/// </summary>
internal sealed partial class SimpleSigningVerifier(TrustContext context) : IRequirementVerifier<SignedByRequirement>
{
    public const string Kind = "simple-signing";

    private readonly ILogger _logger = context.LoggerFactory.CreateLogger<SimpleSigningVerifier>();

    public async Task<SignatureVerdicts> VerifyAsync(SignatureSubject subject, SignedByRequirement requirement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(requirement);
        if (requirement.KeyType is not (SignedByRequirement.GpgKeys or "signedByGPGKeys"))
        {
            throw new TrustPolicyException($"signedBy keyType {requirement.KeyType} is not supported; use GPGKeys");
        }

        var signatures = await SimpleSignatureReader.ReadAsync(context.Options, subject, cancellationToken).ConfigureAwait(false);
        if (signatures.Count == 0)
        {
            return SignatureVerdicts.None;
        }

        using var keyring = await GpgKeyring.CreateAsync(context.Options.GpgProgram, requirement.KeyPaths, requirement.KeyData, cancellationToken).ConfigureAwait(false);
        var accepted = new List<AcceptedSignature>();
        var rejected = new List<SignatureRejection>();
        foreach (var (name, content) in signatures)
        {
            var verdict = await VerifyOneAsync(keyring, subject, requirement, name, content, cancellationToken).ConfigureAwait(false);
            if (verdict.Accepted is { } signature)
            {
                accepted.Add(signature);
                Log.Accepted(_logger, subject.Description, name, signature.Signer);
            }
            else
            {
                rejected.Add(verdict.Rejected!);
                Log.Rejected(_logger, subject.Description, name, verdict.Rejected!.Detail);
            }
        }

        return new SignatureVerdicts(accepted, rejected);
    }

    private static async Task<(AcceptedSignature? Accepted, SignatureRejection? Rejected)> VerifyOneAsync(
        GpgKeyring keyring, SignatureSubject subject, SignedByRequirement requirement, string name, byte[] content, CancellationToken cancellationToken)
    {
        var verification = await keyring.VerifyAsync(content, cancellationToken).ConfigureAwait(false);
        switch (verification.Status)
        {
            case GpgVerificationStatus.UnknownKey:
                return (null, new SignatureRejection(name, SignatureRejectionReason.OtherKey, verification.Problem!));
            case GpgVerificationStatus.Invalid:
                return (null, new SignatureRejection(name, SignatureRejectionReason.Invalid, verification.Problem!));
        }

        // The keyring holds only trusted keys, but a key file may hold more than the policy author meant; gpg's
        // answer is checked against what was imported all the same.
        if (!keyring.Fingerprints.Contains(verification.Key!, StringComparer.OrdinalIgnoreCase))
        {
            return (null, new SignatureRejection(name, SignatureRejectionReason.OtherKey, $"signed by another key ({verification.Key})"));
        }

        return Judge(subject, requirement.SignedIdentity, name, verification.Key!, verification.Content);
    }

    /// <summary>Checks a verified payload's digest and identity.</summary>
    internal static (AcceptedSignature? Accepted, SignatureRejection? Rejected) Judge(
        SignatureSubject subject, SignedIdentity identity, string name, string signer, byte[] payloadBytes)
    {
        SimpleSigningPayload payload;
        try
        {
            payload = SimpleSigningPayload.Parse(payloadBytes);
        }
        catch (FormatException e)
        {
            return (null, new SignatureRejection(name, SignatureRejectionReason.Invalid, $"invalid signature payload: {e.Message}"));
        }

        var manifest = subject.Image.Manifest;
        var digestMatches = payload.ManifestDigest.IsVerifiable && payload.ManifestDigest.Matches(manifest.Content.Span);
        if (!digestMatches)
        {
            return (null, new SignatureRejection(name, SignatureRejectionReason.OtherDigest, $"signed for another digest ({payload.ManifestDigest}, the image is {subject.ManifestDigest})"));
        }

        if (!ImageReference.TryParse(payload.DockerReference, out var signed))
        {
            return (null, new SignatureRejection(name, SignatureRejectionReason.Invalid, $"invalid signature payload: \"{payload.DockerReference}\" is not a Docker reference"));
        }

        if (!identity.Matches(subject.Identity, signed))
        {
            return (null, new SignatureRejection(name, SignatureRejectionReason.OtherIdentity, $"signed for another identity ({signed}, accepted: {identity.Describe(subject.Identity)})"));
        }

        return (new AcceptedSignature(Kind, signer, signed.ToString(), payload.ManifestDigest), null);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5001, Level = LogLevel.Debug, Message = "Image {Image}: {Signature} accepted, signed by {Signer}")]
        public static partial void Accepted(ILogger logger, string image, string signature, string signer);

        [LoggerMessage(EventId = 5002, Level = LogLevel.Debug, Message = "Image {Image}: {Signature} refused: {Reason}")]
        public static partial void Rejected(ILogger logger, string image, string signature, string reason);
    }
}
