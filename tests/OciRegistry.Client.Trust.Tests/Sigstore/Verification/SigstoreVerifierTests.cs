using System.Text;
using OciRegistry.Client.Trust.Sigstore;
using OciRegistry.Client.Trust.Sigstore.Verification;

namespace OciRegistry.Client.Trust.Tests.Sigstore.Verification;

/// <summary>Verification of real cosign-made signatures (containers/image's fixtures), and of each way they can be wrong.</summary>
public sealed class SigstoreVerifierTests
{
    private const string KeyImage = "dir-img-cosign-valid";
    private const string KeyRekorImage = "dir-img-cosign-key-rekor-valid";
    private const string FulcioImage = "dir-img-cosign-fulcio-rekor-valid";
    private const string GitHubIssuer = "https://github.com/login/oauth";
    private const string FulcioEmail = "mitr@redhat.com";

    private static readonly Func<string, bool> AnyIdentity = _ => true;

    [Fact]
    public void CosignSignatureByATrustedKeyIsAccepted()
    {
        var accepted = SigstoreVerifier.Verify(
            SigstoreTrustRoot.ForPublicKeys([SigstoreFixtures.PublicKey("cosign.pub")]),
            SigstoreFixtures.Signature(KeyImage),
            SigstoreFixtures.ManifestDigest(KeyImage),
            identity => identity == "192.168.64.2:5000/cosign-signed-single-sample");

        Assert.Equal("192.168.64.2:5000/cosign-signed-single-sample", accepted.Payload.DockerReference);
        Assert.Equal(SigstoreFixtures.ManifestDigest(KeyImage), accepted.Payload.ManifestDigest);
        Assert.Contains("cosign.pub", accepted.Signer, StringComparison.Ordinal);
        Assert.Null(accepted.LoggedAt);
    }

    [Fact]
    public void AnyOfSeveralKeysMayHaveSigned()
    {
        var accepted = SigstoreVerifier.Verify(
            SigstoreTrustRoot.ForPublicKeys([SigstoreFixtures.PublicKey("cosign2.pub"), SigstoreFixtures.PublicKey("cosign.pub")]),
            SigstoreFixtures.Signature(KeyImage),
            SigstoreFixtures.ManifestDigest(KeyImage),
            AnyIdentity);

        Assert.Contains("cosign.pub", accepted.Signer, StringComparison.Ordinal);
    }

    [Fact]
    public void SignatureByAnotherKeyIsRefused()
    {
        AssertRejected(
            SigstoreRejectionReason.SignatureInvalid,
            SigstoreTrustRoot.ForPublicKeys([SigstoreFixtures.PublicKey("cosign2.pub")]),
            SigstoreFixtures.Signature(KeyImage),
            SigstoreFixtures.ManifestDigest(KeyImage));
    }

    [Fact]
    public void TamperedPayloadIsRefused()
    {
        var signature = SigstoreFixtures.Signature(KeyImage);
        var tampered = SigstoreFixtures.Utf8(signature.Payload).Replace("cosign-signed-single-sample", "cosign-signed-single-sampl3", StringComparison.Ordinal);

        AssertRejected(
            SigstoreRejectionReason.SignatureInvalid,
            SigstoreTrustRoot.ForPublicKeys([SigstoreFixtures.PublicKey("cosign.pub")]),
            SigstoreFixtures.WithPayload(signature, Encoding.UTF8.GetBytes(tampered)),
            SigstoreFixtures.ManifestDigest(KeyImage));
    }

    [Fact]
    public void SignatureForAnotherManifestDigestIsRefused()
    {
        var error = AssertRejected(
            SigstoreRejectionReason.DigestMismatch,
            SigstoreTrustRoot.ForPublicKeys([SigstoreFixtures.PublicKey("cosign.pub")]),
            SigstoreFixtures.Signature("dir-img-cosign-modified-manifest"),
            SigstoreFixtures.ManifestDigest("dir-img-cosign-modified-manifest"));

        Assert.Contains(SigstoreFixtures.ManifestDigest(KeyImage).ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SignatureForAnotherIdentityIsRefused()
    {
        var error = Assert.Throws<SigstoreSignatureRejectedException>(() => SigstoreVerifier.Verify(
            SigstoreTrustRoot.ForPublicKeys([SigstoreFixtures.PublicKey("cosign.pub")]),
            SigstoreFixtures.Signature(KeyImage),
            SigstoreFixtures.ManifestDigest(KeyImage),
            identity => identity == "registry.example/other"));

        Assert.Equal(SigstoreRejectionReason.IdentityMismatch, error.Reason);
        Assert.Contains("192.168.64.2:5000/cosign-signed-single-sample", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SignatureWithoutItsSignatureAnnotationIsRefused()
    {
        AssertRejected(
            SigstoreRejectionReason.MissingSignature,
            SigstoreTrustRoot.ForPublicKeys([SigstoreFixtures.PublicKey("cosign.pub")]),
            SigstoreFixtures.WithAnnotation(SigstoreFixtures.Signature(KeyImage), SigstoreAnnotations.Signature, null),
            SigstoreFixtures.ManifestDigest(KeyImage));
    }

    [Fact]
    public void HugePayloadIsRefusedUnread()
    {
        var huge = new byte[SigstoreVerifier.MaximumPayloadSize + 1];

        AssertRejected(
            SigstoreRejectionReason.PayloadTooLarge,
            SigstoreTrustRoot.ForPublicKeys([SigstoreFixtures.PublicKey("cosign.pub")]),
            SigstoreFixtures.WithPayload(SigstoreFixtures.Signature(KeyImage), huge),
            SigstoreFixtures.ManifestDigest(KeyImage));
    }

    [Fact]
    public void KeySignatureLoggedInRekorIsAccepted()
    {
        var accepted = SigstoreVerifier.Verify(
            SigstoreTrustRoot.ForPublicKeys(
                [SigstoreFixtures.PublicKey("cosign.pub"), SigstoreFixtures.PublicKey("cosign2.pub")],
                [SigstoreFixtures.PublicKey("cosign.pub"), SigstoreFixtures.PublicKey("rekor.pub")]),
            SigstoreFixtures.Signature(KeyRekorImage),
            SigstoreFixtures.ManifestDigest(KeyRekorImage),
            identity => identity == "192.168.64.2:5000/cosign-signed/key-1");

        Assert.Contains("cosign2.pub", accepted.Signer, StringComparison.Ordinal);
        Assert.NotNull(accepted.LoggedAt);
    }

    [Fact]
    public void RekorBundleIsRequiredWhenRekorKeysAreConfigured()
    {
        AssertRejected(
            SigstoreRejectionReason.RekorBundleMissing,
            SigstoreTrustRoot.ForPublicKeys([SigstoreFixtures.PublicKey("cosign.pub")], [SigstoreFixtures.PublicKey("rekor.pub")]),
            SigstoreFixtures.Signature(KeyImage),
            SigstoreFixtures.ManifestDigest(KeyImage));
    }

    [Fact]
    public void RekorBundleSignedByAnUntrustedKeyIsRefused()
    {
        AssertRejected(
            SigstoreRejectionReason.RekorBundleInvalid,
            SigstoreTrustRoot.ForPublicKeys([SigstoreFixtures.PublicKey("cosign2.pub")], [SigstoreFixtures.PublicKey("cosign.pub")]),
            SigstoreFixtures.Signature(KeyRekorImage),
            SigstoreFixtures.ManifestDigest(KeyRekorImage));
    }

    [Fact]
    public void RekorBundleWithAnAlteredEntryIsRefused()
    {
        var signature = SigstoreFixtures.Signature(KeyRekorImage);
        var bundle = signature.Annotations[SigstoreAnnotations.Bundle];
        var altered = System.Text.RegularExpressions.Regex.Replace(bundle, "\"integratedTime\":(\\d+)", m => "\"integratedTime\":" + (long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1));
        Assert.NotEqual(bundle, altered);

        AssertRejected(
            SigstoreRejectionReason.RekorBundleInvalid,
            SigstoreTrustRoot.ForPublicKeys([SigstoreFixtures.PublicKey("cosign2.pub")], [SigstoreFixtures.PublicKey("rekor.pub")]),
            SigstoreFixtures.WithAnnotation(signature, SigstoreAnnotations.Bundle, altered),
            SigstoreFixtures.ManifestDigest(KeyRekorImage));
    }

    [Fact]
    public void MalformedRekorBundleIsRefused()
    {
        AssertRejected(
            SigstoreRejectionReason.RekorBundleInvalid,
            SigstoreTrustRoot.ForPublicKeys([SigstoreFixtures.PublicKey("cosign2.pub")], [SigstoreFixtures.PublicKey("rekor.pub")]),
            SigstoreFixtures.WithAnnotation(SigstoreFixtures.Signature(KeyRekorImage), SigstoreAnnotations.Bundle, "this is not a valid SET"),
            SigstoreFixtures.ManifestDigest(KeyRekorImage));
    }

    [Fact]
    public void RekorEntryForAnotherSignatureIsRefused()
    {
        // The key-only fixture is signed by cosign.pub; the Rekor bundle of the other fixture logs cosign2.pub's signature.
        var bundle = SigstoreFixtures.Signature(KeyRekorImage).Annotations[SigstoreAnnotations.Bundle];

        AssertRejected(
            SigstoreRejectionReason.RekorEntryMismatch,
            SigstoreTrustRoot.ForPublicKeys([SigstoreFixtures.PublicKey("cosign.pub"), SigstoreFixtures.PublicKey("cosign2.pub")], [SigstoreFixtures.PublicKey("rekor.pub")]),
            SigstoreFixtures.WithAnnotation(SigstoreFixtures.Signature(KeyImage), SigstoreAnnotations.Bundle, bundle),
            SigstoreFixtures.ManifestDigest(KeyImage));
    }

    [Fact]
    public void KeylessSignatureWithFulcioCertificateAndRekorBundleIsAccepted()
    {
        var accepted = SigstoreVerifier.Verify(
            FulcioRoot(GitHubIssuer, FulcioEmail),
            SigstoreFixtures.Signature(FulcioImage),
            SigstoreFixtures.ManifestDigest(FulcioImage),
            identity => identity == "192.168.64.2:5000/cosign-signed/fulcio-rekor-1");

        Assert.Equal($"{FulcioEmail} (OIDC issuer {GitHubIssuer})", accepted.Signer);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1674247893), accepted.LoggedAt);
    }

    [Fact]
    public void KeylessSignatureFromAnotherOidcIssuerIsRefused()
    {
        AssertRejected(
            SigstoreRejectionReason.OidcIssuerMismatch,
            FulcioRoot("https://accounts.google.com", FulcioEmail),
            SigstoreFixtures.Signature(FulcioImage),
            SigstoreFixtures.ManifestDigest(FulcioImage));
    }

    [Fact]
    public void KeylessSignatureForAnotherSubjectIsRefused()
    {
        var error = AssertRejected(
            SigstoreRejectionReason.SubjectMismatch,
            FulcioRoot(GitHubIssuer, "this-does-not-match@example.com"),
            SigstoreFixtures.Signature(FulcioImage),
            SigstoreFixtures.ManifestDigest(FulcioImage));

        Assert.Contains(FulcioEmail, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeylessSignatureWithoutItsIntermediateChainDoesNotReachTheRoot()
    {
        AssertRejected(
            SigstoreRejectionReason.CertificateUntrusted,
            FulcioRoot(GitHubIssuer, FulcioEmail),
            SigstoreFixtures.WithAnnotation(SigstoreFixtures.Signature(FulcioImage), SigstoreAnnotations.Chain, null),
            SigstoreFixtures.ManifestDigest(FulcioImage));
    }

    [Fact]
    public void KeylessSignatureIsAcceptedWhenItsIssuerIsTrustedDirectly()
    {
        var signature = SigstoreFixtures.Signature(FulcioImage);
        var trustRoot = SigstoreTrustRoot.ForFulcio(
            FulcioTrustRoot.FromPem(signature.Annotations[SigstoreAnnotations.Chain], GitHubIssuer, FulcioEmail, "chain"),
            [SigstoreFixtures.PublicKey("rekor.pub")]);

        var accepted = SigstoreVerifier.Verify(
            trustRoot,
            SigstoreFixtures.WithAnnotation(signature, SigstoreAnnotations.Chain, null),
            SigstoreFixtures.ManifestDigest(FulcioImage),
            AnyIdentity);

        Assert.Equal("192.168.64.2:5000/cosign-signed/fulcio-rekor-1", accepted.Payload.DockerReference);
    }

    [Fact]
    public void KeylessSignatureChainedToAnotherCaIsRefused()
    {
        var signature = SigstoreFixtures.Signature(FulcioImage);
        var selfMade = SelfSignedCertificatePem();

        AssertRejected(
            SigstoreRejectionReason.CertificateUntrusted,
            SigstoreTrustRoot.ForFulcio(FulcioTrustRoot.FromPem(selfMade, GitHubIssuer, FulcioEmail, "other CA"), [SigstoreFixtures.PublicKey("rekor.pub")]),
            signature,
            SigstoreFixtures.ManifestDigest(FulcioImage));
    }

    [Fact]
    public void KeylessSignatureWithoutACertificateIsRefused()
    {
        AssertRejected(
            SigstoreRejectionReason.CertificateInvalid,
            FulcioRoot(GitHubIssuer, FulcioEmail),
            SigstoreFixtures.WithAnnotation(SigstoreFixtures.Signature(FulcioImage), SigstoreAnnotations.Certificate, null),
            SigstoreFixtures.ManifestDigest(FulcioImage));
    }

    [Fact]
    public void KeylessSignatureWithAnotherCertificateThanRekorLoggedIsRefused()
    {
        var signature = SigstoreFixtures.Signature(FulcioImage);
        var chainCertificate = signature.Annotations[SigstoreAnnotations.Chain].Split("-----END CERTIFICATE-----")[0] + "-----END CERTIFICATE-----\n";

        AssertRejected(
            SigstoreRejectionReason.RekorEntryMismatch,
            FulcioRoot(GitHubIssuer, FulcioEmail),
            SigstoreFixtures.WithAnnotation(signature, SigstoreAnnotations.Certificate, chainCertificate),
            SigstoreFixtures.ManifestDigest(FulcioImage));
    }

    [Fact]
    public void KeylessSignatureWithoutRekorBundleIsRefused()
    {
        AssertRejected(
            SigstoreRejectionReason.RekorBundleMissing,
            FulcioRoot(GitHubIssuer, FulcioEmail),
            SigstoreFixtures.WithAnnotation(SigstoreFixtures.Signature(FulcioImage), SigstoreAnnotations.Bundle, null),
            SigstoreFixtures.ManifestDigest(FulcioImage));
    }

    [Fact]
    public void RekorKeysMustBeEcdsa()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SigstoreTrustRoot.ForPublicKeys([SigstoreFixtures.PublicKey("cosign.pub")], [SigstoreFixtures.PublicKey("some-rsa-key.pub")]));

        Assert.Contains("some-rsa-key.pub", error.Message, StringComparison.Ordinal);
    }

    private static SigstoreTrustRoot FulcioRoot(string issuer, string email) =>
        SigstoreTrustRoot.ForFulcio(
            FulcioTrustRoot.FromPem(SigstoreFixtures.Text("containers-image", "fulcio_v1.crt.pem"), issuer, email, "fulcio_v1.crt.pem"),
            [SigstoreFixtures.PublicKey("rekor.pub")]);

    private static SigstoreSignatureRejectedException AssertRejected(
        SigstoreRejectionReason reason, SigstoreTrustRoot trustRoot, SigstoreSignature signature, Digest digest)
    {
        var error = Assert.Throws<SigstoreSignatureRejectedException>(() => SigstoreVerifier.Verify(trustRoot, signature, digest, AnyIdentity));
        Assert.True(reason == error.Reason, $"expected {reason}, got {error.Reason}: {error.Message}");
        return error;
    }

    private static string SelfSignedCertificatePem()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=other CA", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        return certificate.ExportCertificatePem();
    }
}
