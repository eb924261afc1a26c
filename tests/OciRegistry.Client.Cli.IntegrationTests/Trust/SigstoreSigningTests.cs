using System.Text.Json;
using OciRegistry.Client.Cli.IntegrationTests.Support;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Tools;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Trust;

/// <summary>
/// Sigstore end to end through a real registry: <c>ocireg generate-sigstore-key</c>, <c>ocireg copy
/// --sign-by-sigstore-private-key</c> writing cosign's <c>sha256-HEX.sig</c> attachment, and a <c>sigstoreSigned</c>
/// policy deciding later copies. skopeo (sigstore disabled in Debian's build) reads the attachment as plain OCI content,
/// and python3-cryptography checks the signature independently.
/// </summary>
public sealed class SigstoreSigningTests(PlainRegistry fixture, ITestOutputHelper output) : IClassFixture<PlainRegistry>, IDisposable
{
    private const string Passphrase = "sigstore passphrase";
    private readonly ProcessLogScope _log = fixture.Registry.CaptureLog(output);
    private readonly Ocireg _ocireg = new(output);

    public void Dispose()
    {
        _ocireg.Dispose();
        _log.Dispose();
    }

    [Fact]
    public async Task An_image_signed_on_copy_is_accepted_by_a_sigstoreSigned_policy_and_its_signature_verifies_independently()
    {
        var setup = await SetupAsync();
        var signed = await SignedCopyAsync(setup, setup.Key, "sigstore/signed");
        var layout = _ocireg.PathInHome("accepted");

        var result = await _ocireg.RunAsync(setup.Flags("copy", "--remove-signatures", "--src-tls-verify=false", signed, $"oci:{layout}:v1"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(Path.Combine(layout, "index.json")));

        // The attachment, read by skopeo as plain OCI content: one layer, the payload, the signature annotation.
        var digest = Digest.Compute((await Skopeo.Locate().InspectRawAsync(signed, SkopeoRegistryAccess.Insecure)).Span);
        var attachment = signed[..signed.LastIndexOf(':')] + $":{digest.Algorithm}-{digest.Encoded}.sig";
        var attachmentDirectory = _ocireg.PathInHome("attachment");
        await Skopeo.Locate().RunAsync(["copy", "--src-tls-verify=false", $"docker://{attachment}", $"dir:{attachmentDirectory}"]);
        using var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(attachmentDirectory, "manifest.json")));
        var layer = Assert.Single(manifest.RootElement.GetProperty("layers").EnumerateArray());
        Assert.Equal("application/vnd.dev.cosign.simplesigning.v1+json", layer.GetProperty("mediaType").GetString());
        var payloadPath = Path.Combine(attachmentDirectory, layer.GetProperty("digest").GetString()!.Split(':')[1]);
        var payload = JsonDocument.Parse(await File.ReadAllBytesAsync(payloadPath)).RootElement.GetProperty("critical");
        Assert.Equal(digest.ToString(), payload.GetProperty("image").GetProperty("docker-manifest-digest").GetString());
        Assert.Equal(signed, payload.GetProperty("identity").GetProperty("docker-reference").GetString());
        var signaturePath = attachmentDirectory + ".sig";
        await File.WriteAllTextAsync(signaturePath, layer.GetProperty("annotations").GetProperty("dev.cosignproject.cosign/signature").GetString());
        await (await PythonSigstore.LocateAsync()).VerifyAsync(setup.Key + ".pub", payloadPath, signaturePath);
    }

    [Fact]
    public async Task Signing_again_appends_a_layer_and_either_key_is_accepted()
    {
        var setup = await SetupAsync();
        var signed = await SignedCopyAsync(setup, setup.OtherKey, "sigstore/twice");
        var again = await _ocireg.RunAsync(
            [.. setup.AcceptFlags("copy", "--src-tls-verify=false", "--dest-tls-verify=false", "--sign-by-sigstore-private-key", setup.Key + ".private", "--sign-passphrase-file", setup.PassphraseFile), signed, signed],
            standardInput: null);
        Assert.True(again.ExitCode == 0, again.ToString());

        var digest = Digest.Compute((await Skopeo.Locate().InspectRawAsync(signed, SkopeoRegistryAccess.Insecure)).Span);
        var attachment = signed[..signed.LastIndexOf(':')] + $":{digest.Algorithm}-{digest.Encoded}.sig";
        using var manifest = JsonDocument.Parse(await Skopeo.Locate().InspectRawAsync(attachment, SkopeoRegistryAccess.Insecure));
        Assert.Equal(2, manifest.RootElement.GetProperty("layers").GetArrayLength());

        var result = await _ocireg.RunAsync(setup.Flags("copy", "--remove-signatures", "--src-tls-verify=false", signed, $"oci:{_ocireg.PathInHome("twice")}:v1"));
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task An_unsigned_image_is_refused_and_nothing_is_written()
    {
        var setup = await SetupAsync();
        var image = await fixture.PushNewAsync("sigstore/unsigned");
        var source = fixture.Registry.DockerReference(image.Repository, "v1");
        var layout = _ocireg.PathInHome("unsigned");

        var result = await _ocireg.RunAsync(setup.Flags("copy", "--remove-signatures", "--src-tls-verify=false", source, $"oci:{layout}:v1"));

        var line = Expect.FailsWithOneLine(result, 1);
        Assert.Contains("sigstoreSigned: no signature", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(layout));
    }

    [Fact]
    public async Task An_image_signed_by_another_key_is_refused()
    {
        var setup = await SetupAsync();
        var signed = await SignedCopyAsync(setup, setup.OtherKey, "sigstore/other-key");
        var layout = _ocireg.PathInHome("other-key");

        var result = await _ocireg.RunAsync(setup.Flags("copy", "--remove-signatures", "--src-tls-verify=false", signed, $"oci:{layout}:v1"));

        var line = Expect.FailsWithOneLine(result, 1);
        Assert.Contains("cryptographic signature verification failed", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(layout));
    }

    [Fact]
    public async Task A_wrong_passphrase_fails_before_anything_is_written_and_is_not_printed()
    {
        var setup = await SetupAsync();
        var image = await fixture.PushNewAsync("sigstore/wrong-passphrase");
        var source = fixture.Registry.DockerReference(image.Repository, "v1");
        var destination = fixture.Registry.DockerReference(fixture.Registry.NewRepository("sigstore/never-written"), "v1");
        var wrong = _ocireg.PathInHome("wrong-passphrase");
        Directory.CreateDirectory(Path.GetDirectoryName(wrong)!);
        await File.WriteAllTextAsync(wrong, "not the passphrase\n");

        var result = await _ocireg.RunAsync(setup.AcceptFlags(
            "copy", "--src-tls-verify=false", "--dest-tls-verify=false", "--sign-by-sigstore-private-key", setup.Key + ".private", "--sign-passphrase-file", wrong, source, destination));

        var line = Expect.FailsWithOneLine(result, 1);
        Assert.Contains("passphrase is wrong", line, StringComparison.Ordinal);
        Assert.DoesNotContain("not the passphrase", result.ToString(), StringComparison.Ordinal);
        var inspect = await Skopeo.Locate().Tool.RunUncheckedAsync(["inspect", "--raw", "--tls-verify=false", $"docker://{destination}"]);
        Assert.NotEqual(0, inspect.ExitCode);
    }

    private async Task<string> SignedCopyAsync(SigstoreSetup setup, string keyPrefix, string repositoryPrefix)
    {
        var image = await fixture.PushNewAsync(repositoryPrefix + "-source");
        var source = fixture.Registry.DockerReference(image.Repository, "v1");
        var signed = fixture.Registry.DockerReference(fixture.Registry.NewRepository(repositoryPrefix), "v1");
        var copy = await _ocireg.RunAsync(setup.AcceptFlags(
            "copy", "--src-tls-verify=false", "--dest-tls-verify=false", "--sign-by-sigstore-private-key", keyPrefix + ".private", "--sign-passphrase-file", setup.PassphraseFile, source, signed));
        Assert.True(copy.ExitCode == 0, copy.ToString());
        return signed;
    }

    private async Task<SigstoreSetup> SetupAsync()
    {
        var directory = _ocireg.PathInHome("sigstore");
        Directory.CreateDirectory(directory);
        var passphraseFile = Path.Combine(directory, "passphrase");
        await File.WriteAllTextAsync(passphraseFile, Passphrase + "\n");
        var key = Path.Combine(directory, "trusted");
        var otherKey = Path.Combine(directory, "other");
        foreach (var prefix in new[] { key, otherKey })
        {
            await _ocireg.SucceedAsync("generate-sigstore-key", "--output-prefix", prefix, "--passphrase-file", passphraseFile);
        }

        var policy = Path.Combine(directory, "policy.json");
        await File.WriteAllTextAsync(policy, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["default"] = new[] { new Dictionary<string, object> { ["type"] = "reject" } },
            ["transports"] = new Dictionary<string, object>
            {
                ["docker"] = new Dictionary<string, object>
                {
                    [fixture.Registry.Host] = new[] { new Dictionary<string, object> { ["type"] = "sigstoreSigned", ["keyPath"] = key + ".pub" } },
                },
                ["oci"] = new Dictionary<string, object> { [""] = new[] { new Dictionary<string, object> { ["type"] = "insecureAcceptAnything" } } },
            },
        }));
        var acceptPolicy = Path.Combine(directory, "accept.json");
        await File.WriteAllTextAsync(acceptPolicy, """{"default":[{"type":"insecureAcceptAnything"}]}""");
        return new SigstoreSetup(policy, acceptPolicy, passphraseFile, key, otherKey);
    }

    private sealed record SigstoreSetup(string Policy, string AcceptAnythingPolicy, string PassphraseFile, string Key, string OtherKey)
    {
        public string[] Flags(params string[] arguments) => ["--policy", Policy, .. arguments];

        public string[] AcceptFlags(params string[] arguments) => ["--policy", AcceptAnythingPolicy, .. arguments];
    }
}
