using System.Net;
using System.Text;
using OciRegistry.Client.Trust.Sigstore;
using OciRegistry.Client.Trust.Sigstore.Verification;

namespace OciRegistry.Client.Trust.Tests.Sigstore.Verification;

/// <summary>
/// Signatures by certificates of a user's own PKI (the policy's <c>pki</c> form): containers/image's fixture, made with
/// cosign against the "Linuxera" CA, and certificates of a CA made here, each way a certificate can fail.
/// </summary>
public sealed class PkiVerificationTests : IDisposable
{
    private const string FixtureImage = "dir-img-cosign-pki-valid";
    private const string FixtureIdentity = "localhost:5000/test";
    private const string FixtureEmail = "qiwan@redhat.com";
    private const string FixtureHost = "myhost.example.com";
    private const string Identity = "registry.example/team/app";

    private static readonly Digest ImageDigest = Digest.Compute("the image manifest"u8);
    private readonly TestPki _pki = new();

    public void Dispose() => _pki.Dispose();

    [Fact]
    public void FixtureSignatureIsAcceptedWithTheRootsAndIntermediatesOfThePolicy()
    {
        var accepted = SigstoreVerifier.Verify(
            FixtureRoot(withIntermediates: true, FixtureEmail, FixtureHost),
            SigstoreFixtures.Signature(FixtureImage),
            SigstoreFixtures.ManifestDigest(FixtureImage),
            identity => identity == FixtureIdentity);

        Assert.Equal(FixtureIdentity, accepted.Payload.DockerReference);
        Assert.Contains("Team A Cosign Certificate", accepted.Signer, StringComparison.Ordinal);
        Assert.Null(accepted.LoggedAt);
    }

    [Fact]
    public void FixtureSignatureIsAcceptedWithTheIntermediateFromItsChainAnnotationOnly()
    {
        var accepted = SigstoreVerifier.Verify(
            FixtureRoot(withIntermediates: false, FixtureEmail, null),
            SigstoreFixtures.Signature(FixtureImage),
            SigstoreFixtures.ManifestDigest(FixtureImage),
            _ => true);

        Assert.StartsWith(FixtureEmail, accepted.Signer, StringComparison.Ordinal);
    }

    [Fact]
    public void FixtureSignatureIsAcceptedWithTheIntermediateFromThePolicyOnly()
    {
        var signature = SigstoreFixtures.WithAnnotation(SigstoreFixtures.Signature(FixtureImage), SigstoreAnnotations.Chain, null);

        SigstoreVerifier.Verify(FixtureRoot(withIntermediates: true, null, FixtureHost), signature, SigstoreFixtures.ManifestDigest(FixtureImage), _ => true);
    }

    [Fact]
    public void WithoutAnyIntermediateTheChainIsUntrusted()
    {
        var signature = SigstoreFixtures.WithAnnotation(SigstoreFixtures.Signature(FixtureImage), SigstoreAnnotations.Chain, null);

        var error = Rejected(FixtureRoot(withIntermediates: false, FixtureEmail, null), signature, SigstoreFixtures.ManifestDigest(FixtureImage));

        Assert.Equal(SigstoreRejectionReason.CertificateUntrusted, error.Reason);
    }

    [Fact]
    public void TheRootInTheChainAnnotationIsNotTrusted()
    {
        // The fixture's chain ends with the Linuxera root; a policy trusting another root must not accept it.
        var root = SigstoreTrustRoot.ForPki(PkiTrustRoot.FromPem(_pki.RootPem, null, FixtureEmail, null, "roots"));

        var error = Rejected(root, SigstoreFixtures.Signature(FixtureImage), SigstoreFixtures.ManifestDigest(FixtureImage));

        Assert.Equal(SigstoreRejectionReason.CertificateUntrusted, error.Reason);
        Assert.Contains("Team A Cosign Certificate", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("qiwan@example.com", null, SigstoreRejectionReason.SubjectMismatch)]
    [InlineData("QIWAN@redhat.com", null, SigstoreRejectionReason.SubjectMismatch)]
    [InlineData(FixtureEmail, "otherhost.example.com", SigstoreRejectionReason.HostnameMismatch)]
    [InlineData(null, "example.com", SigstoreRejectionReason.HostnameMismatch)]
    public void FixtureSignatureForAnotherSubjectIsRefused(string? email, string? host, SigstoreRejectionReason reason)
    {
        var error = Rejected(FixtureRoot(withIntermediates: true, email, host), SigstoreFixtures.Signature(FixtureImage), SigstoreFixtures.ManifestDigest(FixtureImage));

        Assert.Equal(reason, error.Reason);
        Assert.Contains(email is not null && reason == SigstoreRejectionReason.SubjectMismatch ? FixtureEmail : FixtureHost, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SignatureByAGeneratedLeafIsAccepted()
    {
        using var leaf = _pki.IssueLeaf();

        var accepted = SigstoreVerifier.Verify(Root(), TestPki.Sign(leaf, Identity, ImageDigest, _pki.ChainPem), ImageDigest, identity => identity == Identity, _pki.Now);

        Assert.Equal(ImageDigest, accepted.Payload.ManifestDigest);
        Assert.StartsWith("signer@example.com, host build.example.com (certificate \"CN=Team signing certificate\")", accepted.Signer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-40, -10)]
    [InlineData(10, 40)]
    public void CertificateOutsideItsValidityAtVerificationTimeIsRefusedAsExpired(int fromDays, int toDays)
    {
        using var leaf = _pki.IssueLeaf(notBefore: _pki.Now.AddDays(fromDays), notAfter: _pki.Now.AddDays(toDays));

        var error = Rejected(Root(), TestPki.Sign(leaf, Identity, ImageDigest, _pki.ChainPem), ImageDigest);

        Assert.Equal(SigstoreRejectionReason.CertificateExpired, error.Reason);
    }

    [Fact]
    public void ACertificateValidWhenSignedIsRefusedOnceItHasExpired()
    {
        using var leaf = _pki.IssueLeaf(notAfter: _pki.Now.AddDays(1));
        var signature = TestPki.Sign(leaf, Identity, ImageDigest, _pki.ChainPem);
        SigstoreVerifier.Verify(Root(), signature, ImageDigest, _ => true, _pki.Now);

        var error = Assert.Throws<SigstoreSignatureRejectedException>(() => SigstoreVerifier.Verify(Root(), signature, ImageDigest, _ => true, _pki.Now.AddDays(2)));

        Assert.Equal(SigstoreRejectionReason.CertificateExpired, error.Reason);
    }

    [Fact]
    public void CertificateOfAnotherCaIsRefusedAsUntrusted()
    {
        using var other = new TestPki("Other", _pki.Now);
        using var leaf = other.IssueLeaf();

        var error = Rejected(Root(), TestPki.Sign(leaf, Identity, ImageDigest, other.ChainPem), ImageDigest);

        Assert.Equal(SigstoreRejectionReason.CertificateUntrusted, error.Reason);
    }

    [Fact]
    public void CertificateNotForCodeSigningIsRefusedAsUntrusted()
    {
        using var leaf = _pki.IssueLeaf(extendedKeyUsage: TestPki.ServerAuthentication);

        var error = Rejected(Root(), TestPki.Sign(leaf, Identity, ImageDigest, _pki.ChainPem), ImageDigest);

        Assert.Equal(SigstoreRejectionReason.CertificateUntrusted, error.Reason);
    }

    [Fact]
    public void CertificateWithoutExtendedKeyUsageMaySign()
    {
        // As with Go's x509 (and the containers/image fixture, which has none): no extended key usage means any.
        using var leaf = _pki.IssueLeaf(extendedKeyUsage: null);

        SigstoreVerifier.Verify(Root(), TestPki.Sign(leaf, Identity, ImageDigest, _pki.ChainPem), ImageDigest, _ => true, _pki.Now);
    }

    [Fact]
    public void SignatureWithoutACertificateIsRefused()
    {
        using var leaf = _pki.IssueLeaf();
        var signature = SigstoreFixtures.WithAnnotation(TestPki.Sign(leaf, Identity, ImageDigest, _pki.ChainPem), SigstoreAnnotations.Certificate, null);

        var error = Rejected(Root(), signature, ImageDigest);

        Assert.Equal(SigstoreRejectionReason.CertificateInvalid, error.Reason);
        Assert.Contains(SigstoreAnnotations.Certificate, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedCertificateIsRefused()
    {
        using var leaf = _pki.IssueLeaf();
        var signature = TestPki.Sign(leaf, Identity, ImageDigest, _pki.ChainPem);
        var pem = signature.Annotations[SigstoreAnnotations.Certificate];
        var truncated = SigstoreFixtures.WithAnnotation(signature, SigstoreAnnotations.Certificate, pem[..(pem.Length / 2)]);

        Assert.Equal(SigstoreRejectionReason.CertificateInvalid, Rejected(Root(), truncated, ImageDigest).Reason);
    }

    [Fact]
    public void SignatureByAnotherKeyThanTheCertificatesIsRefused()
    {
        using var leaf = _pki.IssueLeaf();
        using var other = _pki.IssueLeaf();
        var signature = SigstoreFixtures.WithAnnotation(TestPki.Sign(other, Identity, ImageDigest, _pki.ChainPem), SigstoreAnnotations.Certificate, leaf.ExportCertificatePem());

        Assert.Equal(SigstoreRejectionReason.SignatureInvalid, Rejected(Root(), signature, ImageDigest).Reason);
    }

    [Fact]
    public void TamperedPayloadIsRefused()
    {
        using var leaf = _pki.IssueLeaf();
        var signature = TestPki.Sign(leaf, Identity, ImageDigest, _pki.ChainPem);
        var tampered = SigstoreFixtures.WithPayload(signature, Encoding.UTF8.GetBytes(SigstoreFixtures.Utf8(signature.Payload).Replace("team/app", "team/ap2", StringComparison.Ordinal)));

        Assert.Equal(SigstoreRejectionReason.SignatureInvalid, Rejected(Root(), tampered, ImageDigest).Reason);
    }

    [Fact]
    public void SignatureForAnotherDigestIsRefused()
    {
        using var leaf = _pki.IssueLeaf();

        var error = Rejected(Root(), TestPki.Sign(leaf, Identity, Digest.Compute("another manifest"u8), _pki.ChainPem), ImageDigest);

        Assert.Equal(SigstoreRejectionReason.DigestMismatch, error.Reason);
    }

    [Theory]
    [InlineData("*.example.com", "build.example.com", true)]
    [InlineData("*.example.com", "BUILD.Example.com.", true)]
    [InlineData("*.example.com", "a.build.example.com", false)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("build.example.com", "Build.Example.Com", true)]
    [InlineData("build.example.com", "build.example.org", false)]
    public void HostnamesMatchAsGoDoes(string dnsName, string host, bool matches)
    {
        using var leaf = _pki.IssueLeaf(dnsName: dnsName);

        Assert.Equal(matches, PkiCertificate.MatchesHostname(leaf, host));
    }

    [Fact]
    public void AnIpHostnameMatchesOnlyAnIpSubjectAlternativeName()
    {
        using var byAddress = _pki.IssueLeaf(dnsName: "192.0.2.7", address: IPAddress.Parse("192.0.2.8"));

        Assert.True(PkiCertificate.MatchesHostname(byAddress, "192.0.2.8"));
        Assert.False(PkiCertificate.MatchesHostname(byAddress, "192.0.2.7"));
    }

    [Fact]
    public void ATrustRootNeedsAnEmailOrAHostnameAndARoot()
    {
        Assert.Throws<FormatException>(() => PkiTrustRoot.FromPem(_pki.RootPem, null, null, "", "roots"));
        Assert.Contains("no PEM CERTIFICATE", Assert.Throws<FormatException>(() => PkiTrustRoot.FromPem("not a certificate", null, "a@b", null, "roots")).Message, StringComparison.Ordinal);
        Assert.Contains("CA intermediates", Assert.Throws<FormatException>(() => PkiTrustRoot.FromPem(_pki.RootPem, "", "a@b", null, "roots")).Message, StringComparison.Ordinal);
        Assert.StartsWith("intermediates.pem: ", Assert.Throws<FormatException>(() => PkiTrustRoot.FromPem(_pki.RootPem, "", "a@b", null, "roots", "intermediates.pem")).Message, StringComparison.Ordinal);
    }

    private static SigstoreTrustRoot FixtureRoot(bool withIntermediates, string? email, string? host) =>
        SigstoreTrustRoot.ForPki(PkiTrustRoot.FromPem(
            SigstoreFixtures.Text("containers-image", "pki_root_crts.pem"),
            withIntermediates ? SigstoreFixtures.Text("containers-image", "pki_intermediate_crts.pem") : null,
            email,
            host,
            "pki_root_crts.pem"));

    private SigstoreTrustRoot Root(string? email = "signer@example.com", string? host = "build.example.com") =>
        SigstoreTrustRoot.ForPki(PkiTrustRoot.FromPem(_pki.RootPem, null, email, host, "roots"));

    private SigstoreSignatureRejectedException Rejected(SigstoreTrustRoot root, SigstoreSignature signature, Digest digest) =>
        Assert.Throws<SigstoreSignatureRejectedException>(() => SigstoreVerifier.Verify(root, signature, digest, _ => true, _pki.Now));
}
