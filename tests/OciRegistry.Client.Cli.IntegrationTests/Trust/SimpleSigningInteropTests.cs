using System.Text.Json;
using OciRegistry.Client.Cli.IntegrationTests.Support;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Tools;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Trust;

/// <summary>
/// Simple signing (OpenPGP) against skopeo 1.9.3 as the oracle, through a real registry: what skopeo signs ocireg's
/// policy accepts, what ocireg signs <c>skopeo copy --policy</c> accepts, and both refuse unsigned images and images
/// signed by another key. Signatures live in a lookaside directory named by a registries.d file.
/// </summary>
public sealed class SimpleSigningInteropTests(PlainRegistry fixture, SigningKeys keys, ITestOutputHelper output)
    : IClassFixture<PlainRegistry>, IClassFixture<SigningKeys>, IDisposable
{
    private readonly ProcessLogScope _log = fixture.Registry.CaptureLog(output);
    private readonly Ocireg _ocireg = new(output);

    public void Dispose()
    {
        _ocireg.Dispose();
        _log.Dispose();
    }

    [Fact]
    public async Task Ocireg_accepts_an_image_skopeo_signed()
    {
        var setup = Setup();
        var source = await PushAsync("trust/skopeo-signed");
        await SkopeoSignAsync(setup, source, source, keys.Trusted);
        var layout = _ocireg.PathInHome("accepted");

        var result = await _ocireg.RunAsync(setup.Flags("copy", "--remove-signatures", "--src-tls-verify=false", source, $"oci:{layout}:v1"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(Path.Combine(layout, "index.json")));
    }

    [Fact]
    public async Task Skopeo_accepts_an_image_ocireg_signed()
    {
        var setup = Setup();
        var source = await PushAsync("trust/ocireg-source");
        var signed = fixture.Registry.DockerReference(fixture.Registry.NewRepository("trust/ocireg-signed"), "v1");

        var copy = await _ocireg.RunAsync(
            ["--registries.d", setup.RegistriesD, "copy", "--src-tls-verify=false", "--dest-tls-verify=false",
             "--sign-by", keys.Trusted, "--sign-passphrase-file", keys.PassphraseFile, source, signed],
            null,
            keys.Home.Environment);
        Assert.True(copy.ExitCode == 0, copy.ToString());

        var verify = await SkopeoVerifyAsync(setup, signed);
        Assert.True(verify.ExitCode == 0, verify.StandardError);
    }

    [Fact]
    public async Task Both_refuse_an_unsigned_image_and_ocireg_writes_nothing()
    {
        var setup = Setup();
        var source = await PushAsync("trust/unsigned");
        var layout = _ocireg.PathInHome("unsigned");

        var result = await _ocireg.RunAsync(setup.Flags("copy", "--remove-signatures", "--src-tls-verify=false", source, $"oci:{layout}:v1"));

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("rejected", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"docker: {fixture.Registry.Host}", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("signedBy: no signature", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(layout));
        Assert.NotEqual(0, (await SkopeoVerifyAsync(setup, source)).ExitCode);
    }

    [Fact]
    public async Task Both_refuse_an_image_signed_by_another_key()
    {
        var setup = Setup();
        var source = await PushAsync("trust/other-key");
        await SkopeoSignAsync(setup, source, source, keys.Other);
        var layout = _ocireg.PathInHome("other-key");

        var result = await _ocireg.RunAsync(setup.Flags("copy", "--remove-signatures", "--src-tls-verify=false", source, $"oci:{layout}:v1"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("signed by another key", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(layout));
        Assert.NotEqual(0, (await SkopeoVerifyAsync(setup, source)).ExitCode);
    }

    [Fact]
    public async Task A_signature_for_another_identity_is_refused()
    {
        var setup = Setup();
        var source = await PushAsync("trust/other-identity");
        await SkopeoSignAsync(setup, source, source, keys.Trusted, "--sign-identity", $"{fixture.Registry.Host}/somewhere/else:v1");
        var layout = _ocireg.PathInHome("other-identity");

        var result = await _ocireg.RunAsync(setup.Flags("copy", "--remove-signatures", "--src-tls-verify=false", source, $"oci:{layout}:v1"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("signed for another identity", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(layout));
    }

    [Fact]
    public async Task A_signature_for_another_digest_is_refused()
    {
        var setup = Setup();
        var signedImage = await fixture.PushNewAsync("trust/digest-a");
        var signedSource = fixture.Registry.DockerReference(signedImage.Repository, "v1");
        await SkopeoSignAsync(setup, signedSource, signedSource, keys.Trusted);
        // A second manifest of the same image in the same repository (converted to Docker schema 2, so another digest);
        // the first one's signature is placed where the second's belongs.
        await Skopeo.Locate().RunAsync(["copy", "--src-tls-verify=false", "--dest-tls-verify=false", "--format", "v2s2", signedSource, fixture.Registry.DockerReference(signedImage.Repository, "v2")]);
        var otherDigest = await ManifestDigestAsync(fixture.Registry.DockerReference(signedImage.Repository, "v2"));
        Assert.NotEqual(signedImage.ManifestDigest.ToString(), otherDigest);
        var from = Path.Combine(setup.Lookaside, $"{signedImage.Repository}@sha256={signedImage.ManifestDigest.Encoded}");
        var to = Path.Combine(setup.Lookaside, $"{signedImage.Repository}@sha256={otherDigest["sha256:".Length..]}");
        Directory.CreateDirectory(to);
        File.Copy(Path.Combine(from, "signature-1"), Path.Combine(to, "signature-1"));
        var layout = _ocireg.PathInHome("other-digest");

        var result = await _ocireg.RunAsync(setup.Flags("copy", "--remove-signatures", "--src-tls-verify=false", $"docker://{fixture.Registry.Host}/{signedImage.Repository}@{otherDigest}", $"oci:{layout}:v1"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("signed for another digest", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(layout));
    }

    [Fact]
    public async Task A_wrong_passphrase_fails_before_anything_is_written_and_is_never_printed()
    {
        var setup = Setup();
        var source = await PushAsync("trust/wrong-passphrase-source");
        var repository = fixture.Registry.NewRepository("trust/wrong-passphrase");

        var result = await _ocireg.RunAsync(
            ["--registries.d", setup.RegistriesD, "copy", "--src-tls-verify=false", "--dest-tls-verify=false",
             "--sign-by", keys.Locked, "--sign-passphrase-file", keys.WrongPassphraseFile, source, fixture.Registry.DockerReference(repository, "v1")],
            null,
            keys.Home.Environment);

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("passphrase does not open the key", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("not the passphrase", result.StandardError, StringComparison.Ordinal);
        var inspect = await Skopeo.Locate().Tool.RunUncheckedAsync(["inspect", "--raw", "--tls-verify=false", fixture.Registry.DockerReference(repository, "v1")]);
        Assert.NotEqual(0, inspect.ExitCode);
    }

    [Fact]
    public async Task A_signed_source_cannot_go_to_an_oci_layout_without_removing_its_signatures()
    {
        var setup = Setup(acceptAnything: true);
        var source = await PushAsync("trust/to-layout");
        await SkopeoSignAsync(setup, source, source, keys.Trusted);
        var layout = _ocireg.PathInHome("to-layout");

        var refused = await _ocireg.RunAsync(setup.Flags("copy", "--src-tls-verify=false", source, $"oci:{layout}:v1"));
        var removed = await _ocireg.RunAsync(setup.Flags("copy", "--remove-signatures", "--src-tls-verify=false", source, $"oci:{layout}:v1"));

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("cannot hold simple signatures", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("--remove-signatures", refused.StandardError, StringComparison.Ordinal);
        Assert.True(removed.ExitCode == 0, removed.ToString());
    }

    [Fact]
    public async Task Signatures_of_the_source_are_copied_with_the_image()
    {
        var setup = Setup();
        var source = await PushAsync("trust/copied-source");
        await SkopeoSignAsync(setup, source, source, keys.Trusted, "--sign-identity", $"{fixture.Registry.Host}/trust/copied:v1");
        var destination = $"docker://{fixture.Registry.Host}/trust/copied:v1";

        var copy = await _ocireg.RunAsync(
            "--policy", setup.AcceptAnythingPolicy, "--registries.d", setup.RegistriesD, "copy", "--src-tls-verify=false", "--dest-tls-verify=false", source, destination);

        Assert.True(copy.ExitCode == 0, copy.ToString());
        var verify = await SkopeoVerifyAsync(setup, destination);
        Assert.True(verify.ExitCode == 0, verify.StandardError);
    }

    [Fact]
    public async Task Verify_prints_each_accepted_signature_and_exits_by_verdict()
    {
        var setup = Setup();
        var signed = await PushAsync("trust/verify-signed");
        await SkopeoSignAsync(setup, signed, signed, keys.Trusted);
        var unsigned = await PushAsync("trust/verify-unsigned");

        var trusted = await _ocireg.RunAsync(setup.Flags("verify", "--tls-verify=false", "--format", "json", signed));
        var rejected = await _ocireg.RunAsync(setup.Flags("verify", "--tls-verify=false", unsigned));
        var missing = await _ocireg.RunAsync(setup.Flags("verify", "--tls-verify=false", fixture.Registry.DockerReference("trust/no-such-image", "v1")));

        Assert.True(trusted.ExitCode == 0, trusted.ToString());
        using (var document = JsonDocument.Parse(trusted.StandardOutput))
        {
            Assert.True(document.RootElement.GetProperty("trusted").GetBoolean());
            var signature = Assert.Single(document.RootElement.GetProperty("signatures").EnumerateArray());
            Assert.Equal(keys.Trusted, signature.GetProperty("signer").GetString());
            Assert.Equal(signed["docker://".Length..], signature.GetProperty("identity").GetString());
        }

        Assert.Equal(1, rejected.ExitCode);
        Assert.Contains("Rejected: ", rejected.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("signedBy: no signature", rejected.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
    }

    [Fact]
    public async Task Standalone_signatures_pass_between_ocireg_and_skopeo()
    {
        var manifest = _ocireg.PathInHome("manifest.json");
        await File.WriteAllBytesAsync(manifest, (await Skopeo.Locate().InspectRawAsync(fixture.Registry.DockerReference(fixture.Sample.Repository, "v1"), SkopeoRegistryAccess.Insecure)).ToArray());
        var reference = $"{fixture.Registry.Host}/standalone/app:v1";
        var ocisig = _ocireg.PathInHome("ocireg.sig");
        var skopeosig = _ocireg.PathInHome("skopeo.sig");

        var sign = await _ocireg.RunAsync(
            ["standalone-sign", "--output", ocisig, "--passphrase-file", keys.PassphraseFile, manifest, reference, keys.Trusted], null, keys.Home.Environment);
        Assert.True(sign.ExitCode == 0, sign.ToString());
        var skopeoVerify = await keys.Home.RunUncheckedAsync(Skopeo.Locate().Tool.FileName, ["standalone-verify", manifest, reference, keys.Trusted, ocisig]);
        Assert.True(skopeoVerify.ExitCode == 0, skopeoVerify.StandardError);

        await keys.Home.RunAsync(Skopeo.Locate().Tool.FileName, ["standalone-sign", "--passphrase-file", keys.PassphraseFile, "--output", skopeosig, manifest, reference, keys.Trusted]);
        var verify = await _ocireg.RunAsync(["standalone-verify", manifest, reference, keys.Trusted, skopeosig], null, keys.Home.Environment);
        var otherKey = await _ocireg.RunAsync(["standalone-verify", manifest, reference, keys.Other, skopeosig], null, keys.Home.Environment);
        var otherReference = await _ocireg.RunAsync(["standalone-verify", manifest, $"{fixture.Registry.Host}/standalone/other:v1", keys.Trusted, skopeosig], null, keys.Home.Environment);

        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.StartsWith($"Signature verified using fingerprint {keys.Trusted}, digest sha256:", verify.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(1, otherKey.ExitCode);
        Assert.Contains("not among the accepted fingerprints", otherKey.StandardError, StringComparison.Ordinal);
        Assert.Equal(1, otherReference.ExitCode);
        Assert.Contains("signed for another identity", otherReference.StandardError, StringComparison.Ordinal);
    }

    private async Task<string> PushAsync(string prefix)
    {
        var image = await fixture.PushNewAsync(prefix);
        return fixture.Registry.DockerReference(image.Repository, "v1");
    }

    private async Task<string> ManifestDigestAsync(string reference)
    {
        var raw = await Skopeo.Locate().InspectRawAsync(reference, TestSupport.Tools.SkopeoRegistryAccess.Insecure);
        return Digest.Compute(raw.Span).ToString();
    }

    private async Task SkopeoSignAsync(TrustSetup setup, string source, string destination, string key, params string[] extra)
    {
        // Copying an image onto itself with --sign-by writes only the signature (the blobs and manifest are present).
        await keys.Home.RunAsync(
            Skopeo.Locate().Tool.FileName,
            ["--registries.d", setup.RegistriesD, "copy", "--src-tls-verify=false", "--dest-tls-verify=false",
             "--sign-by", key, "--sign-passphrase-file", keys.PassphraseFile, .. extra, source, destination]);
    }

    private Task<ToolResult> SkopeoVerifyAsync(TrustSetup setup, string source) =>
        keys.Home.RunUncheckedAsync(
            Skopeo.Locate().Tool.FileName,
            ["--policy", setup.Policy, "--registries.d", setup.RegistriesD, "copy", "--remove-signatures", "--src-tls-verify=false", source, $"oci:{_ocireg.PathInHome("skopeo-verify")}:v1"]);

    private TrustSetup Setup(bool acceptAnything = false)
    {
        var directory = _ocireg.PathInHome("trust");
        var lookaside = Path.Combine(directory, "lookaside");
        var registriesD = Path.Combine(directory, "registries.d");
        Directory.CreateDirectory(lookaside);
        Directory.CreateDirectory(registriesD);
        File.WriteAllText(Path.Combine(registriesD, "default.yaml"), $"default-docker:\n  lookaside: file://{lookaside}\n");
        var signedBy = new Dictionary<string, object>
        {
            ["type"] = "signedBy",
            ["keyType"] = "GPGKeys",
            ["keyPath"] = keys.TrustedPublicKey,
        };
        var requirement = acceptAnything ? new Dictionary<string, object> { ["type"] = "insecureAcceptAnything" } : signedBy;
        var policy = Path.Combine(directory, "policy.json");
        File.WriteAllText(policy, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["default"] = new[] { new Dictionary<string, object> { ["type"] = "reject" } },
            ["transports"] = new Dictionary<string, object>
            {
                ["docker"] = new Dictionary<string, object> { [fixture.Registry.Host] = new[] { requirement } },
                ["oci"] = new Dictionary<string, object> { [""] = new[] { new Dictionary<string, object> { ["type"] = "insecureAcceptAnything" } } },
            },
        }));
        var acceptPolicy = Path.Combine(directory, "accept.json");
        File.WriteAllText(acceptPolicy, """{"default":[{"type":"insecureAcceptAnything"}]}""");
        return new TrustSetup(policy, acceptPolicy, registriesD, lookaside);
    }

    private sealed record TrustSetup(string Policy, string AcceptAnythingPolicy, string RegistriesD, string Lookaside)
    {
        public string[] Flags(params string[] arguments) => ["--policy", Policy, "--registries.d", RegistriesD, .. arguments];
    }
}
