using OciRegistry.Client.Trust.Sigstore;
using OciRegistry.Client.Trust.Sigstore.Verification;

namespace OciRegistry.Client.Trust.Tests.Sigstore.Verification;

/// <summary>The Fulcio certificate checks, on the certificate of containers/image's keyless fixture (valid 2023-01-20 20:51:31 to 21:01:31 UTC).</summary>
public sealed class FulcioCertificateTests
{
    private static readonly SigstoreSignature Keyless = SigstoreFixtures.Signature("dir-img-cosign-fulcio-rekor-valid");

    [Fact]
    public void CertificateIsAcceptedWithinItsTenMinutes()
    {
        using var leaf = FulcioCertificate.ParseLeaf(Keyless.Annotations[SigstoreAnnotations.Certificate]);

        var key = FulcioCertificate.Verify(Root(), leaf, Keyless.Annotations[SigstoreAnnotations.Chain], DateTimeOffset.FromUnixTimeSeconds(1674247893));

        Assert.True(key.IsEcdsa);
    }

    [Theory]
    [InlineData("2023-01-20T21:01:32Z")]
    [InlineData("2023-01-20T20:51:30Z")]
    public void CertificateOutsideItsValidityAtTheRekorTimeIsRefusedAsExpired(string time)
    {
        using var leaf = FulcioCertificate.ParseLeaf(Keyless.Annotations[SigstoreAnnotations.Certificate]);

        var error = Assert.Throws<SigstoreSignatureRejectedException>(() =>
            FulcioCertificate.Verify(Root(), leaf, Keyless.Annotations[SigstoreAnnotations.Chain], DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(SigstoreRejectionReason.CertificateExpired, error.Reason);
        Assert.Contains("2023-01-20T21:01:31Z", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IssuerAndEmailComeFromFulciosExtensions()
    {
        using var leaf = FulcioCertificate.ParseLeaf(Keyless.Annotations[SigstoreAnnotations.Certificate]);

        Assert.Equal("https://github.com/login/oauth", FulcioCertificate.OidcIssuer(leaf));
        Assert.Equal(["mitr@redhat.com"], FulcioCertificate.EmailAddresses(leaf));
    }

    [Fact]
    public void MoreThanOneCertificateInTheCertificateAnnotationIsRefused()
    {
        var error = Assert.Throws<SigstoreSignatureRejectedException>(() =>
            FulcioCertificate.ParseLeaf(Keyless.Annotations[SigstoreAnnotations.Certificate] + Keyless.Annotations[SigstoreAnnotations.Chain]));

        Assert.Equal(SigstoreRejectionReason.CertificateInvalid, error.Reason);
    }

    private static FulcioTrustRoot Root() =>
        FulcioTrustRoot.FromPem(SigstoreFixtures.Text("containers-image", "fulcio_v1.crt.pem"), "https://github.com/login/oauth", "mitr@redhat.com", "fulcio_v1.crt.pem");
}
