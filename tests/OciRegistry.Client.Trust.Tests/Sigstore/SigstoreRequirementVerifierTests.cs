using Microsoft.Extensions.Logging.Abstractions;
using OciRegistry.Client.Models;
using OciRegistry.Client.Referrers;
using OciRegistry.Client.Trust.Policy;
using OciRegistry.Client.Trust.Signatures;
using OciRegistry.Client.Trust.Sigstore;
using OciRegistry.Client.Trust.Sigstore.Attachments;
using OciRegistry.Client.Trust.Tests.Sigstore.Attachments;
using OciRegistry.Client.Trust.Verification;

namespace OciRegistry.Client.Trust.Tests.Sigstore;

/// <summary>The <c>sigstoreSigned</c> verifier over a store holding cosign's attachment of a cosign-made signature.</summary>
public sealed class SigstoreRequirementVerifierTests
{
    private const string Image = "dir-img-cosign-valid";
    private const string SignedAs = "192.168.64.2:5000/cosign-signed-single-sample";

    [Fact]
    public async Task SignatureInTheAttachmentByTheTrustedKeyIsAccepted()
    {
        var (store, subject) = StoreWithSignatures(Image, SigstoreFixtures.Signature(Image));

        var verdicts = await Verifier().VerifyAsync(subject, Requirement("cosign.pub", new MatchRepository()), CancellationToken.None);

        var accepted = Assert.Single(verdicts.Accepted);
        Assert.Equal("sigstore", accepted.Kind);
        Assert.Equal(SignedAs, accepted.Identity);
        Assert.Equal(subject.ManifestDigest, accepted.ManifestDigest);
        Assert.Empty(verdicts.Rejected);
        Assert.Empty(store.Pushes);
    }

    [Fact]
    public async Task ImageWithoutAnAttachmentHasNoSignature()
    {
        var (_, subject) = StoreWithSignatures(Image);

        var verdicts = await Verifier().VerifyAsync(subject, Requirement("cosign.pub", new MatchRepository()), CancellationToken.None);

        Assert.Empty(verdicts.Accepted);
        Assert.Empty(verdicts.Rejected);
        Assert.Equal(
            $"the cosign attachment tag {ReferrerTags.ForCosign(subject.ManifestDigest, ReferrerTags.CosignSignatureSuffix)} and the referrers of {subject.ManifestDigest} of artifact type application/vnd.dev.cosign.artifact.sig.v1+json",
            verdicts.Searched);
    }

    [Fact]
    public async Task CosignMadeSignatureStoredAsAReferrerIsAccepted()
    {
        var (store, subject) = StoreWithSignatures(Image);
        var referrer = await CosignReferrerWriter.WriteAsync(store, subject.Image.Manifest.Descriptor, SigstoreFixtures.Signature(Image), DateTimeOffset.UnixEpoch, CancellationToken.None);

        var verdicts = await Verifier().VerifyAsync(subject, Requirement("cosign.pub", new MatchRepository()), CancellationToken.None);

        Assert.Equal(SignedAs, Assert.Single(verdicts.Accepted).Identity);
        Assert.Equal("application/vnd.dev.cosign.artifact.sig.v1+json", referrer.Image!.ArtifactType);
        Assert.Equal(subject.ManifestDigest, referrer.Image.Subject!.Digest);
        Assert.Equal(MediaTypes.OciEmpty, referrer.Image.Config.MediaType);
        Assert.Equal("1970-01-01T00:00:00Z", referrer.Image.Annotations!["org.opencontainers.image.created"]);
    }

    [Fact]
    public async Task ReferrerSignatureByAnotherKeyIsRejectedNamingTheReferrer()
    {
        var (store, subject) = StoreWithSignatures(Image);
        var referrer = await CosignReferrerWriter.WriteAsync(store, subject.Image.Manifest.Descriptor, SigstoreFixtures.Signature(Image), DateTimeOffset.UnixEpoch, CancellationToken.None);

        var verdicts = await Verifier().VerifyAsync(subject, Requirement("cosign2.pub", new MatchRepository()), CancellationToken.None);

        var rejection = Assert.Single(verdicts.Rejected);
        Assert.Equal(SignatureRejectionReason.OtherKey, rejection.Reason);
        Assert.Equal($"referrer {referrer.Digest} layer 1", rejection.Signature);
    }

    [Fact]
    public async Task TheSameSignatureInTheTagAndAsAReferrerIsCheckedOnce()
    {
        var signature = SigstoreFixtures.Signature(Image);
        var (store, subject) = StoreWithSignatures(Image, signature);
        await CosignReferrerWriter.WriteAsync(store, subject.Image.Manifest.Descriptor, signature, DateTimeOffset.UnixEpoch, CancellationToken.None);

        var verdicts = await Verifier().VerifyAsync(subject, Requirement("cosign2.pub", new MatchRepository()), CancellationToken.None);

        Assert.Equal($"{ReferrerTags.ForCosign(subject.ManifestDigest, ReferrerTags.CosignSignatureSuffix)} layer 1", Assert.Single(verdicts.Rejected).Signature);
    }

    [Fact]
    public async Task ReferrersOfAnotherArtifactTypeAreNotSignatures()
    {
        var (store, subject) = StoreWithSignatures(Image);
        var signature = SigstoreFixtures.Signature(Image);
        var payload = signature.Payload.ToArray();
        store.AddBlob(payload);
        store.AddBlob("{}"u8.ToArray());
        store.AddManifest(Manifest.Create(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            ArtifactType = "application/spdx+json",
            Config = Descriptor.Empty,
            Layers = [Descriptor.FromContent(signature.MediaType, payload) with { Annotations = signature.Annotations }],
            Subject = subject.Image.Manifest.Descriptor,
        }));

        var verdicts = await Verifier().VerifyAsync(subject, Requirement("cosign.pub", new MatchRepository()), CancellationToken.None);

        Assert.Empty(verdicts.Accepted);
        Assert.Empty(verdicts.Rejected);
    }

    [Fact]
    public async Task SignatureByAnotherKeyIsRejectedAsOtherKey()
    {
        var (_, subject) = StoreWithSignatures(Image, SigstoreFixtures.Signature(Image));

        var verdicts = await Verifier().VerifyAsync(subject, Requirement("cosign2.pub", new MatchRepository()), CancellationToken.None);

        var rejection = Assert.Single(verdicts.Rejected);
        Assert.Equal(SignatureRejectionReason.OtherKey, rejection.Reason);
        Assert.Equal($"{ReferrerTags.ForCosign(subject.ManifestDigest, ReferrerTags.CosignSignatureSuffix)} layer 1", rejection.Signature);
    }

    [Fact]
    public async Task SignatureForAnotherIdentityIsRejectedAsOtherIdentityNamingWhatIsAccepted()
    {
        var (_, subject) = StoreWithSignatures(Image, SigstoreFixtures.Signature(Image));

        var verdicts = await Verifier().VerifyAsync(subject, Requirement("cosign.pub", new ExactRepository(ImageReference.Parse("registry.example/other"))), CancellationToken.None);

        var rejection = Assert.Single(verdicts.Rejected);
        Assert.Equal(SignatureRejectionReason.OtherIdentity, rejection.Reason);
        Assert.Contains("registry.example/other", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneGoodSignatureAmongBadOnesIsEnough()
    {
        var good = SigstoreFixtures.Signature(Image);
        var tampered = SigstoreFixtures.WithPayload(good, [.. good.Payload.ToArray(), (byte)' ']);
        var (_, subject) = StoreWithSignatures(Image, tampered, good);

        var verdicts = await Verifier().VerifyAsync(subject, Requirement("cosign.pub", new MatchRepository()), CancellationToken.None);

        Assert.Single(verdicts.Accepted);
        Assert.Equal(SignatureRejectionReason.OtherKey, Assert.Single(verdicts.Rejected).Reason);
    }

    [Fact]
    public async Task PayloadLargerThanTheCapIsRejectedUnread()
    {
        var (_, subject) = StoreWithSignatures(Image, SigstoreFixtures.Signature(Image));
        var options = new TrustPolicyOptions { MaxSignatureSize = 64 };

        var verdicts = await Verifier(options).VerifyAsync(subject, Requirement("cosign.pub", new MatchRepository()), CancellationToken.None);

        var rejection = Assert.Single(verdicts.Rejected);
        Assert.Equal(SignatureRejectionReason.Invalid, rejection.Reason);
        Assert.Contains("more than the 64 read", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingKeyFileMakesThePolicyUnusable()
    {
        var (_, subject) = StoreWithSignatures(Image, SigstoreFixtures.Signature(Image));
        var requirement = Requirement("cosign.pub", new MatchRepository()) with { KeyPath = "/nonexistent/cosign.pub" };

        var error = await Assert.ThrowsAsync<TrustPolicyException>(() => Verifier().VerifyAsync(subject, requirement, CancellationToken.None));

        Assert.Contains("/nonexistent/cosign.pub", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeylessSignatureIsVerifiedWithFulcioAndRekorFromThePolicy()
    {
        const string keyless = "dir-img-cosign-fulcio-rekor-valid";
        var (_, subject) = StoreWithSignatures(keyless, SigstoreFixtures.Signature(keyless));
        var requirement = Requirement("cosign.pub", new MatchRepository()) with
        {
            KeyPath = null,
            Fulcio = new FulcioRequirement(SigstoreFixtures.PathOf("containers-image", "fulcio_v1.crt.pem"), default, "https://github.com/login/oauth", "mitr@redhat.com"),
            RekorPublicKeyPath = SigstoreFixtures.PathOf("containers-image", "rekor.pub"),
        };

        var verdicts = await Verifier().VerifyAsync(subject with { Identity = ImageReference.Parse("192.168.64.2:5000/cosign-signed/fulcio-rekor-1:latest") }, requirement, CancellationToken.None);

        Assert.Equal("mitr@redhat.com (OIDC issuer https://github.com/login/oauth)", Assert.Single(verdicts.Accepted).Signer);
    }

    [Fact]
    public async Task PkiSignatureIsVerifiedWithTheRootsAndIntermediatesFromThePolicy()
    {
        const string pki = "dir-img-cosign-pki-valid";
        var (_, subject) = StoreWithSignatures(pki, SigstoreFixtures.Signature(pki));
        var requirement = Requirement("cosign.pub", new MatchRepository()) with
        {
            KeyPath = null,
            Pki = new PkiRequirement(
                SigstoreFixtures.PathOf("containers-image", "pki_root_crts.pem"),
                default,
                SigstoreFixtures.PathOf("containers-image", "pki_intermediate_crts.pem"),
                default,
                "qiwan@redhat.com",
                "myhost.example.com"),
        };

        var verdicts = await Verifier().VerifyAsync(subject with { Identity = ImageReference.Parse("localhost:5000/test:latest") }, requirement, CancellationToken.None);

        Assert.StartsWith("qiwan@redhat.com, host myhost.example.com (certificate ", Assert.Single(verdicts.Accepted).Signer, StringComparison.Ordinal);
        Assert.Empty(verdicts.Rejected);
    }

    [Fact]
    public async Task PkiSignatureForAnotherHostnameIsRejectedAsOtherKey()
    {
        const string pki = "dir-img-cosign-pki-valid";
        var (_, subject) = StoreWithSignatures(pki, SigstoreFixtures.Signature(pki));
        var requirement = Requirement("cosign.pub", new MatchRepository()) with
        {
            KeyPath = null,
            Pki = new PkiRequirement(null, System.Text.Encoding.UTF8.GetBytes(SigstoreFixtures.Text("containers-image", "pki_root_crts.pem")), null, default, null, "otherhost.example.com"),
        };

        var verdicts = await Verifier().VerifyAsync(subject with { Identity = ImageReference.Parse("localhost:5000/test:latest") }, requirement, CancellationToken.None);

        var rejection = Assert.Single(verdicts.Rejected);
        Assert.Equal(SignatureRejectionReason.OtherKey, rejection.Reason);
        Assert.Contains("not valid for host \"otherhost.example.com\"", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PkiSignatureIsCheckedAtTheVerifiersClock()
    {
        const string pki = "dir-img-cosign-pki-valid";
        var (_, subject) = StoreWithSignatures(pki, SigstoreFixtures.Signature(pki));
        var requirement = Requirement("cosign.pub", new MatchRepository()) with
        {
            KeyPath = null,
            Pki = new PkiRequirement(SigstoreFixtures.PathOf("containers-image", "pki_root_crts.pem"), default, null, default, "qiwan@redhat.com", null),
        };
        var verifier = new SigstoreRequirementVerifier(new TrustContext(new TrustPolicyOptions(), NullLoggerFactory.Instance, new FixedClock(new DateTimeOffset(2053, 1, 1, 0, 0, 0, TimeSpan.Zero))));

        var verdicts = await verifier.VerifyAsync(subject with { Identity = ImageReference.Parse("localhost:5000/test:latest") }, requirement, CancellationToken.None);

        var rejection = Assert.Single(verdicts.Rejected);
        Assert.Equal(SignatureRejectionReason.Invalid, rejection.Reason);
        Assert.Contains("not valid at 2053-01-01T00:00:00Z", rejection.Detail, StringComparison.Ordinal);
    }

    private static SigstoreRequirementVerifier Verifier(TrustPolicyOptions? options = null) =>
        new(new TrustContext(options ?? new TrustPolicyOptions(), NullLoggerFactory.Instance, TimeProvider.System));

    private static SigstoreSignedRequirement Requirement(string key, SignedIdentity identity) =>
        new(SigstoreFixtures.PathOf("containers-image", key), [], default, [], null, null, null, [], default, [], identity);

    private static (MemoryImageStore Store, SignatureSubject Subject) StoreWithSignatures(string image, params SigstoreSignature[] signatures)
    {
        var store = new MemoryImageStore();
        var manifest = Manifest.Parse(File.ReadAllBytes(SigstoreFixtures.PathOf("containers-image", image, "manifest.json")));
        store.AddManifest(manifest, "latest");
        if (signatures.Length > 0)
        {
            var config = "{}"u8.ToArray();
            store.AddBlob(config);
            var layers = new List<Descriptor>();
            foreach (var signature in signatures)
            {
                var payload = signature.Payload.ToArray();
                store.AddBlob(payload);
                layers.Add(Descriptor.FromContent(signature.MediaType, payload) with { Annotations = signature.Annotations });
            }

            var attachment = Manifest.Create(new ImageManifest
            {
                MediaType = MediaTypes.OciManifest,
                Config = Descriptor.FromContent("application/vnd.oci.image.config.v1+json", config),
                Layers = layers,
            });
            store.AddManifest(attachment, ReferrerTags.ForCosign(manifest.Digest, ReferrerTags.CosignSignatureSuffix));
        }

        var identity = ImageReference.Parse(SignedAs + ":latest");
        var subject = new SignatureSubject(new ImageTrustSubject(null, store, "latest", manifest), SignedAs, identity, manifest.Digest, SignatureStorage.None);
        return (store, subject);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
