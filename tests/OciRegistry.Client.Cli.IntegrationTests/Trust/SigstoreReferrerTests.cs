using System.Text.Json;
using OciRegistry.Client.Cli.IntegrationTests.Support;
using OciRegistry.Client.Referrers;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Referrers;
using OciRegistry.Client.TestSupport.Tools;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Trust;

/// <summary>
/// Sigstore signatures stored as OCI 1.1 referrers (<c>--sign-sigstore-storage referrer</c>), end to end: through
/// Distribution 2.8, which has no referrers API (the referrer is listed in the <c>sha256-HEX</c> tag index), and through
/// an in-process registry with the referrers API (the registry lists it; no index tag is written). Verification reads
/// them, a signature by another key is refused, a copy carries them and <c>--remove-signatures</c> drops them.
/// </summary>
public sealed class SigstoreReferrerTests(PlainRegistry fixture, ITestOutputHelper output) : IClassFixture<PlainRegistry>, IDisposable
{
    private const string Passphrase = "referrer passphrase";
    private static readonly string SignatureArtifactType = ReferrerTags.CosignArtifactType(ReferrerTags.CosignSignatureSuffix);
    private readonly ProcessLogScope _log = fixture.Registry.CaptureLog(output);
    private readonly Ocireg _ocireg = new(output);

    public void Dispose()
    {
        _ocireg.Dispose();
        _log.Dispose();
    }

    [Fact]
    public async Task Signed_as_a_referrer_through_the_tag_schema_the_image_is_trusted_and_no_sig_tag_is_written()
    {
        var setup = await SetupAsync();
        var (signed, digest) = await SignedCopyAsync(setup, setup.Key, fixture.Registry.DockerReference(fixture.Registry.NewRepository("referrer/signed"), "v1"));

        var verify = await _ocireg.RunAsync(setup.Flags("verify", "--tls-verify=false", signed));

        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("Signature: sigstore signed by", verify.StandardOutput, StringComparison.Ordinal);
        var repository = signed[..signed.LastIndexOf(':')];
        using var index = JsonDocument.Parse(await Skopeo.Locate().InspectRawAsync($"{repository}:{ReferrerTags.ForSubject(digest)}", SkopeoRegistryAccess.Insecure));
        var entry = Assert.Single(index.RootElement.GetProperty("manifests").EnumerateArray());
        Assert.Equal(SignatureArtifactType, entry.GetProperty("artifactType").GetString());
        using var referrer = JsonDocument.Parse(await Skopeo.Locate().InspectRawAsync($"{repository}@{entry.GetProperty("digest").GetString()}", SkopeoRegistryAccess.Insecure));
        Assert.Equal(digest.ToString(), referrer.RootElement.GetProperty("subject").GetProperty("digest").GetString());
        Assert.Equal(SignatureArtifactType, referrer.RootElement.GetProperty("artifactType").GetString());
        var layer = Assert.Single(referrer.RootElement.GetProperty("layers").EnumerateArray());
        Assert.Equal("application/vnd.dev.cosign.simplesigning.v1+json", layer.GetProperty("mediaType").GetString());
        Assert.True(layer.GetProperty("annotations").TryGetProperty("dev.cosignproject.cosign/signature", out _));
        var sigTag = await Skopeo.Locate().Tool.RunUncheckedAsync(["inspect", "--raw", "--tls-verify=false", $"{repository}:{ReferrerTags.ForCosign(digest, ReferrerTags.CosignSignatureSuffix)}"]);
        Assert.NotEqual(0, sigTag.ExitCode);
    }

    [Fact]
    public async Task A_referrer_signature_by_another_key_is_refused_and_the_reason_names_it()
    {
        var setup = await SetupAsync();
        var (signed, digest) = await SignedCopyAsync(setup, setup.OtherKey, fixture.Registry.DockerReference(fixture.Registry.NewRepository("referrer/other-key"), "v1"));

        var verify = await _ocireg.RunAsync(setup.Flags("verify", "--tls-verify=false", signed));

        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains("Rejected:", verify.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("sigstoreSigned: referrer sha256:", verify.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("cryptographic signature verification failed", verify.StandardOutput, StringComparison.Ordinal);
        var layout = _ocireg.PathInHome("other-key");
        var copy = await _ocireg.RunAsync(setup.Flags("copy", "--remove-signatures", "--src-tls-verify=false", signed, $"oci:{layout}:v1"));
        Assert.Contains("cryptographic signature verification failed", Expect.FailsWithOneLine(copy, 1), StringComparison.Ordinal);
        Assert.False(Directory.Exists(layout));
        Assert.NotNull(digest);
    }

    [Fact]
    public async Task An_unsigned_image_is_refused_naming_the_tag_and_the_referrers_looked_in()
    {
        var setup = await SetupAsync();
        var image = await fixture.PushNewAsync("referrer/unsigned");

        var verify = await _ocireg.RunAsync(setup.Flags("verify", "--tls-verify=false", fixture.Registry.DockerReference(image.Repository, "v1")));

        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains(
            $"sigstoreSigned: no signature (looked for in the cosign attachment tag {ReferrerTags.ForCosign(image.ManifestDigest, ReferrerTags.CosignSignatureSuffix)} " +
            $"and the referrers of {image.ManifestDigest} of artifact type {SignatureArtifactType})",
            verify.StandardOutput,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_copy_carries_referrer_signatures_with_their_digest_and_remove_signatures_drops_them()
    {
        var setup = await SetupAsync();
        var (signed, digest) = await SignedCopyAsync(setup, setup.Key, fixture.Registry.DockerReference(fixture.Registry.NewRepository("referrer/carried-source"), "v1"));
        var carried = fixture.Registry.DockerReference(fixture.Registry.NewRepository("referrer/carried"), "v1");
        var dropped = fixture.Registry.DockerReference(fixture.Registry.NewRepository("referrer/dropped"), "v1");

        await CopyAsync(setup, signed, carried);
        await CopyAsync(setup, signed, dropped, "--remove-signatures");

        Assert.Equal(await ReferrerDigestsAsync(signed, digest), await ReferrerDigestsAsync(carried, digest));
        var accepted = await _ocireg.RunAsync(["--policy", await SignedForPolicyAsync(setup, signed), "verify", "--tls-verify=false", carried]);
        Assert.True(accepted.ExitCode == 0, accepted.ToString());
        var refused = await _ocireg.RunAsync(["--policy", await SignedForPolicyAsync(setup, signed), "verify", "--tls-verify=false", dropped]);
        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("sigstoreSigned: no signature", refused.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(await ReferrerDigestsAsync(dropped, digest));
    }

    [Fact]
    public async Task With_referrers_a_copy_carries_signature_referrers_unless_signatures_are_removed()
    {
        var setup = await SetupAsync();
        var (signed, digest) = await SignedCopyAsync(setup, setup.Key, fixture.Registry.DockerReference(fixture.Registry.NewRepository("referrer/all-source"), "v1"));
        var withReferrers = fixture.Registry.DockerReference(fixture.Registry.NewRepository("referrer/all"), "v1");
        var withoutSignatures = fixture.Registry.DockerReference(fixture.Registry.NewRepository("referrer/all-unsigned"), "v1");

        // No registries.d: only --referrers carries the signature.
        var all = await _ocireg.RunAsync(setup.Flags("copy", "--referrers", "--src-tls-verify=false", "--dest-tls-verify=false", signed, withReferrers));
        var removed = await _ocireg.RunAsync(setup.Flags("copy", "--referrers", "--remove-signatures", "--src-tls-verify=false", "--dest-tls-verify=false", signed, withoutSignatures));

        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Equal(await ReferrerDigestsAsync(signed, digest), await ReferrerDigestsAsync(withReferrers, digest));
        Assert.Empty(await ReferrerDigestsAsync(withoutSignatures, digest));
        var refused = await _ocireg.RunAsync(setup.Flags("verify", "--tls-verify=false", withoutSignatures));
        Assert.True(refused.ExitCode == 1, refused.ToString());
    }

    [Fact]
    public async Task A_signature_in_the_sig_tag_and_one_as_a_referrer_are_both_read_and_either_key_is_accepted()
    {
        var setup = await SetupAsync();
        var (signed, _) = await SignedCopyAsync(setup, setup.OtherKey, fixture.Registry.DockerReference(fixture.Registry.NewRepository("referrer/both"), "v1"), storage: "tag");
        var again = await _ocireg.RunAsync(setup.AcceptFlags(
            "copy", "--src-tls-verify=false", "--dest-tls-verify=false", "--sign-by-sigstore-private-key", setup.Key + ".private",
            "--sign-passphrase-file", setup.PassphraseFile, "--sign-sigstore-storage", "referrer", signed, signed));
        Assert.True(again.ExitCode == 0, again.ToString());

        var verify = await _ocireg.RunAsync(setup.Flags("verify", "--format", "json", "--tls-verify=false", signed));

        Assert.True(verify.ExitCode == 0, verify.ToString());
        var otherKeyPolicy = await _ocireg.RunAsync(["--policy", setup.OtherKeyPolicy, "verify", "--tls-verify=false", signed]);
        Assert.True(otherKeyPolicy.ExitCode == 0, otherKeyPolicy.ToString());
    }

    [Fact]
    public async Task Through_the_referrers_api_a_referrer_signature_is_trusted_carried_by_copy_and_dropped_with_remove_signatures()
    {
        var setup = await SetupAsync();
        await using var api = await ReferrersApiRegistry.StartAsync(pageSize: 1);
        var (signed, digest) = await SignedCopyAsync(setup, setup.Key, $"docker://{api.Host}/team/signed:v1");
        Assert.False(api.HasManifest("team/signed", ReferrerTags.ForSubject(digest)));
        Assert.False(api.HasManifest("team/signed", ReferrerTags.ForCosign(digest, ReferrerTags.CosignSignatureSuffix)));

        var verify = await _ocireg.RunAsync(setup.Flags("verify", "--tls-verify=false", signed));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains(api.Received, r => r.Method == "GET" && r.PathAndQuery.StartsWith($"/v2/team/signed/referrers/{digest}", StringComparison.Ordinal));

        await CopyAsync(setup, signed, $"docker://{api.Host}/team/carried:v1");
        await CopyAsync(setup, signed, $"docker://{api.Host}/team/dropped:v1", "--remove-signatures");
        var carried = await _ocireg.RunAsync(["--policy", await SignedForPolicyAsync(setup, signed), "verify", "--tls-verify=false", $"docker://{api.Host}/team/carried:v1"]);
        Assert.True(carried.ExitCode == 0, carried.ToString());
        var dropped = await _ocireg.RunAsync(["--policy", await SignedForPolicyAsync(setup, signed), "verify", "--tls-verify=false", $"docker://{api.Host}/team/dropped:v1"]);
        Assert.True(dropped.ExitCode == 1, dropped.ToString());
        Assert.Contains("sigstoreSigned: no signature", dropped.StandardOutput, StringComparison.Ordinal);
        Assert.False(api.HasManifest("team/carried", ReferrerTags.ForSubject(digest)));
    }

    [Fact]
    public async Task Through_the_referrers_api_a_referrer_signature_by_another_key_is_refused()
    {
        var setup = await SetupAsync();
        await using var api = await ReferrersApiRegistry.StartAsync();
        var (signed, _) = await SignedCopyAsync(setup, setup.OtherKey, $"docker://{api.Host}/team/other:v1");

        var verify = await _ocireg.RunAsync(setup.Flags("verify", "--tls-verify=false", signed));

        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains("sigstoreSigned: referrer sha256:", verify.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("cryptographic signature verification failed", verify.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Referrer_storage_without_a_sigstore_key_is_a_usage_error()
    {
        var image = await fixture.PushNewAsync("referrer/no-key");
        var source = fixture.Registry.DockerReference(image.Repository, "v1");

        var result = await _ocireg.RunAsync("--insecure-policy", "copy", "--sign-sigstore-storage", "referrer", "--src-tls-verify=false", source, $"oci:{_ocireg.PathInHome("no-key")}:v1");

        Assert.Contains("--sign-sigstore-storage needs a sigstore signing key", Expect.FailsWithOneLine(result, 1), StringComparison.Ordinal);
    }

    // The digests of the referrers of artifact type cosign-signature the tag schema's index of a Distribution repository lists.
    private static async Task<string[]> ReferrerDigestsAsync(string image, Digest digest)
    {
        var repository = image[..image.LastIndexOf(':')];
        var result = await Skopeo.Locate().Tool.RunUncheckedAsync(["inspect", "--raw", "--tls-verify=false", $"{repository}:{ReferrerTags.ForSubject(digest)}"]);
        if (result.ExitCode != 0)
        {
            return [];
        }

        using var index = JsonDocument.Parse(result.StandardOutput);
        return [.. index.RootElement.GetProperty("manifests").EnumerateArray()
            .Where(m => m.TryGetProperty("artifactType", out var type) && type.GetString() == SignatureArtifactType)
            .Select(m => m.GetProperty("digest").GetString()!)
            .Order(StringComparer.Ordinal)];
    }

    private async Task CopyAsync(SigstoreReferrerSetup setup, string source, string destination, params string[] flags)
    {
        var copy = await _ocireg.RunAsync(
            ["--policy", setup.Policy, "--registries.d", setup.RegistriesD, "copy", .. flags, "--src-tls-verify=false", "--dest-tls-verify=false", source, destination],
            standardInput: null);
        Assert.True(copy.ExitCode == 0, copy.ToString());
    }

    private async Task<(string Signed, Digest Digest)> SignedCopyAsync(SigstoreReferrerSetup setup, string keyPrefix, string destination, string storage = "referrer")
    {
        var image = await fixture.PushNewAsync("referrer/source");
        var source = fixture.Registry.DockerReference(image.Repository, "v1");
        var copy = await _ocireg.RunAsync(setup.AcceptFlags(
            "copy", "--src-tls-verify=false", "--dest-tls-verify=false", "--sign-by-sigstore-private-key", keyPrefix + ".private",
            "--sign-passphrase-file", setup.PassphraseFile, "--sign-sigstore-storage", storage, source, destination));
        Assert.True(copy.ExitCode == 0, copy.ToString());
        return (destination, image.ManifestDigest);
    }

    private async Task<SigstoreReferrerSetup> SetupAsync()
    {
        var directory = _ocireg.PathInHome("sigstore-referrer");
        Directory.CreateDirectory(directory);
        var passphraseFile = Path.Combine(directory, "passphrase");
        await File.WriteAllTextAsync(passphraseFile, Passphrase + "\n");
        var key = Path.Combine(directory, "trusted");
        var otherKey = Path.Combine(directory, "other");
        foreach (var prefix in new[] { key, otherKey })
        {
            await _ocireg.SucceedAsync("generate-sigstore-key", "--output-prefix", prefix, "--passphrase-file", passphraseFile);
        }

        var registriesD = Path.Combine(directory, "registries.d");
        Directory.CreateDirectory(registriesD);
        await File.WriteAllTextAsync(Path.Combine(registriesD, "default.yaml"), "default-docker:\n  use-sigstore-attachments: true\n");
        var policy = await WritePolicyAsync(directory, "policy.json", key + ".pub");
        var otherKeyPolicy = await WritePolicyAsync(directory, "other-key-policy.json", otherKey + ".pub");
        var acceptPolicy = Path.Combine(directory, "accept.json");
        await File.WriteAllTextAsync(acceptPolicy, """{"default":[{"type":"insecureAcceptAnything"}]}""");
        return new SigstoreReferrerSetup(policy, otherKeyPolicy, acceptPolicy, registriesD, passphraseFile, key, otherKey);
    }

    // A copied signature names the image it was made for: the copy is trusted as that repository's image.
    private static Task<string> SignedForPolicyAsync(SigstoreReferrerSetup setup, string signed) =>
        WritePolicyAsync(
            Path.GetDirectoryName(setup.Policy)!,
            $"signed-for-{Guid.NewGuid():N}.json",
            setup.Key + ".pub",
            new Dictionary<string, object> { ["type"] = "exactRepository", ["dockerRepository"] = signed["docker://".Length..signed.LastIndexOf(':')] });

    // Every registry under 127.0.0.1 (the fixture and the in-process referrers API registries) needs a signature by the key.
    private static async Task<string> WritePolicyAsync(string directory, string name, string publicKey, Dictionary<string, object>? signedIdentity = null)
    {
        var path = Path.Combine(directory, name);
        var requirement = new Dictionary<string, object> { ["type"] = "sigstoreSigned", ["keyPath"] = publicKey };
        if (signedIdentity is not null)
        {
            requirement["signedIdentity"] = signedIdentity;
        }

        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["default"] = new[] { requirement },
            ["transports"] = new Dictionary<string, object>
            {
                ["oci"] = new Dictionary<string, object> { [""] = new[] { new Dictionary<string, object> { ["type"] = "insecureAcceptAnything" } } },
            },
        }));
        return path;
    }

    private sealed record SigstoreReferrerSetup(
        string Policy, string OtherKeyPolicy, string AcceptAnythingPolicy, string RegistriesD, string PassphraseFile, string Key, string OtherKey)
    {
        public string[] Flags(params string[] arguments) => ["--policy", Policy, .. arguments];

        public string[] AcceptFlags(params string[] arguments) => ["--policy", AcceptAnythingPolicy, .. arguments];
    }
}
