using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OciRegistry.Client.Http;
using OciRegistry.Client.Models;
using OciRegistry.Client.Referrers;
using OciRegistry.Client.TestSupport.Registry;
using OciRegistry.Client.TestSupport.Tools;
using OciRegistry.Client.Trust;
using OciRegistry.Client.Trust.Sigstore;
using OciRegistry.Client.Trust.Sigstore.Keys;
using OciRegistry.Client.Trust.Sigstore.Verification;

namespace OciRegistry.Client.Benchmarks;

/// <summary>
/// Verifying one image's signature as a deploy pipeline asks it: read containers-policy.json and registries.d, fetch the
/// image's manifest and its cosign attachment (<c>sha256-HEX.sig</c>) and the signature payload from a registry, and
/// verify. The registry is Debian's Distribution (<c>docker-registry</c>) on a loopback port, started once; each
/// operation builds a new <see cref="ImageTrustPolicy"/> (so the policy is read every time) over one shared client,
/// as a host service does. Three policies: a cosign public key (<c>keyPath</c>), a certificate of a private CA
/// (<c>pki</c>: an X.509 chain built per signature), and simple signing (<c>signedBy</c> GPGKeys, the signature read
/// from a <c>file://</c> lookaside and checked by the user's <c>gpg</c>, which imports the trusted key into a temporary
/// keyring and verifies: two gpg processes per image). <see cref="VerifyInMemory"/> is the sigstore cryptographic part
/// alone.
/// </summary>
[MemoryDiagnoser]
public class SignatureVerificationBenchmarks
{
    private RegistryFixture _registry = null!;
    private ServiceProvider _services = null!;
    private ImageOpener _opener = null!;
    private string _directory = null!;
    private ImageLocation _keyImage = null!;
    private ImageLocation _pkiImage = null!;
    private ImageLocation _gpgImage = null!;
    private GnuPgHome _gnupg = null!;
    private TrustPolicyOptions _options = null!;
    private SigstoreTrustRoot _keyRoot = null!;
    private SigstoreSignature _keySignature = null!;
    private Digest _keyDigest = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _gnupg.Dispose();
        _registry.DisposeAsync().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Policy with a cosign public key: load, fetch, verify an ECDSA P-256 signature.</summary>
    [Benchmark(Baseline = true)]
    public Task<TrustVerdict> SigstoreKey() => EvaluateAsync(_keyImage);

    /// <summary>Policy with <c>pki</c> roots: load, fetch, build and check the certificate chain, verify.</summary>
    [Benchmark]
    public Task<TrustVerdict> SigstorePki() => EvaluateAsync(_pkiImage);

    /// <summary>Policy with a GPG key: load, fetch the manifest and the lookaside signature, verify with gpg.</summary>
    [Benchmark]
    public Task<TrustVerdict> SimpleSigningGpg() => EvaluateAsync(_gpgImage);

    /// <summary>The signature check alone, on bytes already in memory (no policy file, no registry).</summary>
    [Benchmark]
    public SigstoreVerifiedSignature VerifyInMemory() => SigstoreVerifier.Verify(_keyRoot, _keySignature, _keyDigest, _ => true);

    private async Task<TrustVerdict> EvaluateAsync(ImageLocation image)
    {
        var policy = new ImageTrustPolicy(Options.Create(_options), null);
        var verdict = await policy.EvaluateAsync(image, _opener, CancellationToken.None).ConfigureAwait(false);
        return verdict.IsTrusted ? verdict : throw new InvalidOperationException($"{image} is not trusted: {string.Join("; ", verdict.Reasons)}");
    }

    private async Task SetupAsync()
    {
        _directory = Directory.CreateTempSubdirectory("ocireg-bench-trust-").FullName;
        _registry = await RegistryFixture.StartAsync(new RegistryOptions { StartTimeout = TimeSpan.FromSeconds(60) });
        var services = new ServiceCollection();
        services.AddOciRegistryClient(o => o.Registries[_registry.Host] = new RegistryHostOptions { Insecure = true });
        _services = services.BuildServiceProvider();
        _opener = _services.GetRequiredService<ImageOpener>();
        var client = _services.GetRequiredService<OciRegistryClient>();

        using var key = SigstorePrivateKey.Generate();
        var keyPath = Write("cosign.pub", key.ExportPublicKeyPem());
        var keyRepository = client.GetRepository(ImageReference.Parse($"{_registry.Host}/bench/key-signed"), RepositoryAccess.PullPush);
        _keyDigest = await PushImageAsync(keyRepository);
        var keyPayload = Payload(keyRepository, _keyDigest);
        _keySignature = new SigstoreSignature(
            SigstoreMediaTypes.SimpleSigningPayload,
            keyPayload,
            new Dictionary<string, string> { [SigstoreAnnotations.Signature] = Convert.ToBase64String(key.SignData(keyPayload)) });
        await PushSignatureAsync(keyRepository, _keyDigest, _keySignature);
        _keyRoot = SigstoreTrustRoot.ForPublicKeys([SigstorePublicKey.FromPem(key.ExportPublicKeyPem(), keyPath)]);

        var (rootPem, leaf) = CreatePki();
        using (leaf)
        {
            var rootsPath = Write("roots.pem", rootPem);
            var pkiRepository = client.GetRepository(ImageReference.Parse($"{_registry.Host}/bench/pki-signed"), RepositoryAccess.PullPush);
            var pkiDigest = await PushImageAsync(pkiRepository);
            var pkiPayload = Payload(pkiRepository, pkiDigest);
            using var leafKey = leaf.GetECDsaPrivateKey()!;
            await PushSignatureAsync(pkiRepository, pkiDigest, new SigstoreSignature(
                SigstoreMediaTypes.SimpleSigningPayload,
                pkiPayload,
                new Dictionary<string, string>
                {
                    [SigstoreAnnotations.Signature] = Convert.ToBase64String(leafKey.SignData(pkiPayload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)),
                    [SigstoreAnnotations.Certificate] = leaf.ExportCertificatePem(),
                }));

            _gnupg = GnuPgHome.Create();
            var fingerprint = await _gnupg.GenerateKeyAsync("Benchmark Release <release@example.com>", string.Empty);
            var gpgKeyPath = await _gnupg.ExportPublicKeyAsync(fingerprint, Path.Combine(_directory, "release.gpg"));
            var gpgRepository = client.GetRepository(ImageReference.Parse($"{_registry.Host}/bench/gpg-signed"), RepositoryAccess.PullPush);
            var gpgDigest = await PushImageAsync(gpgRepository);
            var lookaside = Path.Combine(_directory, "lookaside");
            var signatureDirectory = Path.Combine(lookaside, $"bench/gpg-signed@{gpgDigest.Algorithm}={gpgDigest.Encoded}");
            Directory.CreateDirectory(signatureDirectory);
            var simplePayload = Write("simple-payload.json", $$$"""{"critical":{"identity":{"docker-reference":"{{{gpgRepository.Name}}}:1.0"},"image":{"docker-manifest-digest":"{{{gpgDigest}}}"},"type":"atomic container signature"},"optional":{"creator":"ocireg-benchmarks","timestamp":1700000000}}""");
            await _gnupg.RunAsync("gpg", ["--batch", "--pinentry-mode", "loopback", "--passphrase", string.Empty, "--local-user", fingerprint, "--output", Path.Combine(signatureDirectory, "signature-1"), "--sign", simplePayload]);

            var policyPath = Write("policy.json", $$$"""
                {
                  "default": [{"type": "reject"}],
                  "transports": {
                    "docker": {
                      "{{{keyRepository.Name}}}": [{"type": "sigstoreSigned", "keyPath": "{{{keyPath}}}", "signedIdentity": {"type": "matchRepository"}}],
                      "{{{gpgRepository.Name}}}": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "{{{gpgKeyPath}}}"}],
                      "{{{pkiRepository.Name}}}": [{"type": "sigstoreSigned", "pki": {"caRootsPath": "{{{rootsPath}}}", "subjectEmail": "release@example.com"}, "signedIdentity": {"type": "matchRepository"}}]
                    }
                  }
                }
                """);
            var registriesDirectory = Path.Combine(_directory, "registries.d");
            Directory.CreateDirectory(registriesDirectory);
            File.WriteAllText(Path.Combine(registriesDirectory, "default.yaml"), $"default-docker:\n  use-sigstore-attachments: true\n  lookaside: file://{lookaside}\n");
            _options = new TrustPolicyOptions { PolicyPath = policyPath, RegistriesDirectory = registriesDirectory };
            _keyImage = ImageLocation.Registry(ImageReference.Parse($"{keyRepository.Name}:1.0"));
            _pkiImage = ImageLocation.Registry(ImageReference.Parse($"{pkiRepository.Name}:1.0"));
            _gpgImage = ImageLocation.Registry(ImageReference.Parse($"{gpgRepository.Name}:1.0"));
        }

        // Fail here, not in the measurements, when something is off.
        await EvaluateAsync(_keyImage);
        await EvaluateAsync(_pkiImage);
        await EvaluateAsync(_gpgImage);
    }

    private static byte[] Payload(RegistryRepository repository, Digest digest) =>
        new SigstorePayload(repository.Name, digest, "ocireg-benchmarks", 1_700_000_000).ToJson();

    /// <summary>A small image (a config and one 64 KiB layer) tagged 1.0; returns its manifest digest.</summary>
    private static async Task<Digest> PushImageAsync(RegistryRepository repository)
    {
        var config = await PushBlobAsync(repository, """{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"""u8.ToArray(), MediaTypes.OciConfig);
        var layer = await PushBlobAsync(repository, RandomNumberGenerator.GetBytes(64 * 1024), MediaTypes.OciLayerGzip);
        var manifest = Manifest.Create(new ImageManifest { MediaType = MediaTypes.OciManifest, Config = config, Layers = [layer] });
        await repository.PushManifestAsync(manifest, "1.0");
        return manifest.Digest;
    }

    /// <summary>The cosign attachment: a manifest tagged sha256-HEX.sig with the payload as its one layer.</summary>
    private static async Task PushSignatureAsync(RegistryRepository repository, Digest digest, SigstoreSignature signature)
    {
        var payload = signature.Payload.ToArray();
        var layer = await PushBlobAsync(repository, payload, signature.MediaType) with { Annotations = signature.Annotations };
        var config = await PushBlobAsync(
            repository,
            Encoding.UTF8.GetBytes($$$"""{"architecture":"","os":"","config":{},"rootfs":{"type":"layers","diff_ids":["{{{Digest.Compute(payload)}}}"]}}"""),
            MediaTypes.OciConfig);
        var attachment = Manifest.Create(new ImageManifest { MediaType = MediaTypes.OciManifest, Config = config, Layers = [layer] });
        await repository.PushManifestAsync(attachment, ReferrerTags.ForCosign(digest, ReferrerTags.CosignSignatureSuffix));
    }

    private static async Task<Descriptor> PushBlobAsync(RegistryRepository repository, byte[] content, string mediaType)
    {
        using var stream = new MemoryStream(content);
        return await repository.PushBlobAsync(stream, mediaType, CancellationToken.None);
    }

    /// <summary>A root CA and a code-signing certificate for release@example.com issued by it (with its private key).</summary>
    private static (string RootPem, X509Certificate2 Leaf) CreatePki()
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Benchmark Root CA", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=Benchmark release signing", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddEmailAddress("release@example.com");
        leafRequest.CertificateExtensions.Add(names.Build());
        using var issued = leafRequest.Create(root, now.AddMinutes(-5), now.AddDays(7), RandomNumberGenerator.GetBytes(16));
        return (root.ExportCertificatePem(), issued.CopyWithPrivateKey(leafKey));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
