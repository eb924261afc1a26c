using System.Diagnostics;
using System.Text;
using OciRegistry.Client.Cli.IntegrationTests.Support;
using OciRegistry.Client.TestSupport.Images;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using OciRegistry.Client.TestSupport.Tools;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.RegistriesConf;

/// <summary>A second registry, for mirrors and rewritten locations.</summary>
public sealed class OtherRegistry() : RegistryFixture(new RegistryOptions());

/// <summary>
/// skopeo 1.9.3 is the oracle for containers-registries.conf: for each configuration file and reference, <c>skopeo
/// inspect --raw</c> and <c>ocireg inspect --raw</c> (both given the file with <c>--registries-conf</c>, the same home
/// and so the same drop-ins) reach the same image, told apart by digest because every place holds a different one, or
/// both refuse. Both registries speak plain HTTP, so only the file's insecure flags let either tool reach them; every
/// table and mirror that leads to a host says so itself, because containers/image takes insecure from the table or
/// mirror a request goes through, and ocireg from the host (see docs/registries-conf.md).
/// </summary>
public sealed class SkopeoRegistriesConfOracleTests(RegistryFixture primary, OtherRegistry other, ITestOutputHelper output)
    : IClassFixture<RegistryFixture>, IClassFixture<OtherRegistry>, IDisposable
{
    private readonly ProcessLogScope[] _logs = [primary.CaptureLog(output), other.CaptureLog(output)];
    private readonly Ocireg _ocireg = new(output);
    private readonly string _skopeo = Skopeo.Locate().Tool.FileName;

    public void Dispose()
    {
        _ocireg.Dispose();
        foreach (var log in _logs)
        {
            log.Dispose();
        }
    }

    private static TestImageContent Content(string name) => new() { FileContent = $"{name}\n" };

    [Fact]
    public async Task Skopeo_and_ocireg_reach_the_same_image_or_refuse_the_same_references()
    {
        var images = TestImages.Locate();
        var a = primary.Host;
        var b = other.Host;
        var repository = primary.NewRepository("oracle");
        var atPrimary = await images.PushAsync(primary, $"{repository}/app", "1.0", Content("primary"));
        var atMirror = await images.PushAsync(other, $"cache/{repository}/app", "1.0", Content("mirror"));
        var rewritten = await images.PushAsync(other, $"rewritten/{repository}/app", "1.0", Content("rewritten"));
        var wild = await images.PushAsync(other, $"wild/{repository}/app", "1.0", Content("wildcard"));
        var hub = await images.PushAsync(other, $"hub/library/{repository}", "1.0", Content("docker hub"));
        var names = new Dictionary<string, string>
        {
            [atPrimary.ManifestDigest.ToString()] = "the primary's image",
            [atMirror.ManifestDigest.ToString()] = "the mirror's image",
            [rewritten.ManifestDigest.ToString()] = "the rewritten location's image",
            [wild.ManifestDigest.ToString()] = "the wildcard location's image",
            [hub.ManifestDigest.ToString()] = "the rewritten Docker Hub's image",
        };
        var insecureBoth = $"""
            [[registry]]
            location = "{a}"
            insecure = true
            [[registry]]
            location = "{b}"
            insecure = true
            """;
        string Mirrored(string mirrorKeys, string registryKeys = "") => $"""
            [[registry]]
            location = "{a}"
            insecure = true
            {registryKeys}
            [[registry.mirror]]
            location = "{b}/cache"
            insecure = true
            {mirrorKeys}
            [[registry]]
            location = "{b}"
            insecure = true
            """;
        var tag = $"docker://{a}/{repository}/app:1.0";
        var byMirrorDigest = $"docker://{a}/{repository}/app@{atMirror.ManifestDigest}";
        (string Case, string Toml, string Reference, string? DropIn, string Expected)[] table =
        [
            ("no table matches; insecure from the file", insecureBoth, tag, null, atPrimary.ManifestDigest.ToString()),
            ("without insecure the plain-HTTP registry is refused", string.Empty, tag, null, "refused"),
            ("a mirror for all pulls serves a tag", Mirrored(string.Empty), tag, null, atMirror.ManifestDigest.ToString()),
            ("a digest-only mirror is skipped for a tag", Mirrored("pull-from-mirror = \"digest-only\""), tag, null, atPrimary.ManifestDigest.ToString()),
            ("a digest-only mirror serves a digest", Mirrored("pull-from-mirror = \"digest-only\""), byMirrorDigest, null, atMirror.ManifestDigest.ToString()),
            ("a tag-only mirror serves a tag", Mirrored("pull-from-mirror = \"tag-only\""), tag, null, atMirror.ManifestDigest.ToString()),
            ("a tag-only mirror is skipped for a digest", Mirrored("pull-from-mirror = \"tag-only\""), byMirrorDigest, null, "refused"),
            ("mirror-by-digest-only leaves a tag to the primary", Mirrored(string.Empty, "mirror-by-digest-only = true"), tag, null, atPrimary.ManifestDigest.ToString()),
            ("mirror-by-digest-only serves a digest", Mirrored(string.Empty, "mirror-by-digest-only = true"), byMirrorDigest, null, atMirror.ManifestDigest.ToString()),
            (
                "a prefix rewrite reaches the rewritten repository",
                $"""
                [[registry]]
                prefix = "{a}/team"
                location = "{b}/rewritten/{repository}"
                insecure = true
                """,
                $"docker://{a}/team/app:1.0",
                null,
                rewritten.ManifestDigest.ToString()),
            (
                "a longer prefix wins over the registry's own table",
                $"""
                {insecureBoth}
                [[registry]]
                prefix = "{a}/{repository}"
                location = "{b}/rewritten/{repository}"
                insecure = true
                """,
                tag,
                null,
                rewritten.ManifestDigest.ToString()),
            (
                "a wildcard prefix with a location rewrites every subdomain",
                $"""
                [[registry]]
                prefix = "*.example.test"
                location = "{b}/wild/{repository}"
                insecure = true
                """,
                "docker://any.example.test/app:1.0",
                null,
                wild.ManifestDigest.ToString()),
            (
                "a wildcard prefix does not match the bare domain",
                $"""
                [[registry]]
                prefix = "*.example.test"
                location = "{b}/wild/{repository}"
                insecure = true
                """,
                "docker://example.test/app:1.0",
                null,
                "refused"),
            ("a blocked registry is refused", $"[[registry]]\nlocation = \"{a}\"\nblocked = true", tag, null, "refused"),
            (
                "a blocked mirror is passed over for the primary",
                $"""
                {Mirrored(string.Empty)}
                blocked = true
                """,
                tag,
                null,
                atPrimary.ManifestDigest.ToString()),
            (
                "aliases and search registries do not apply to docker:// names",
                $"""
                unqualified-search-registries = ["{a}"]
                short-name-mode = "enforcing"
                [[registry]]
                prefix = "docker.io"
                location = "{b}/hub"
                insecure = true
                [aliases]
                "{repository}" = "{a}/{repository}/app"
                """,
                $"docker://{repository}:1.0",
                null,
                hub.ManifestDigest.ToString()),
            ("a version 1 file blocks", $"[registries.block]\nregistries = [\"{a}\"]", tag, null, "refused"),
            ("a version 1 file marks insecure", $"[registries.search]\nregistries = [\"quay.io\"]\n[registries.insecure]\nregistries = [\"{a}\"]", tag, null, atPrimary.ManifestDigest.ToString()),
            ("mixing version 1 and 2 is refused", $"unqualified-search-registries = [\"quay.io\"]\n[registries.insecure]\nregistries = [\"{a}\"]", tag, null, "refused"),
            ("a mirror location with a scheme is refused", Mirrored(string.Empty).Replace($"\"{b}/cache\"", $"\"http://{b}/cache\"", StringComparison.Ordinal), tag, null, "refused"),
            ("an invalid wildcard is refused", $"{insecureBoth}\n[[registry]]\nprefix = \"*.example.test/x\"\nlocation = \"{b}\"", tag, null, "refused"),
            ("malformed TOML is refused", "[[registry]\n", tag, null, "refused"),
            (
                "a drop-in replaces the table of the same prefix",
                insecureBoth,
                tag,
                Mirrored(string.Empty),
                atMirror.ManifestDigest.ToString()),
            ("a drop-in blocks", insecureBoth, tag, $"[[registry]]\nlocation = \"{a}\"\nblocked = true", "refused"),
        ];

        var mismatches = new List<string>();
        var dropIns = Path.Combine(_ocireg.Home, ".config", "containers", "registries.conf.d");
        foreach (var (name, toml, reference, dropIn, expected) in table)
        {
            var file = _ocireg.PathInHome("registries") + ".conf";
            await File.WriteAllTextAsync(file, toml);
            if (Directory.Exists(dropIns))
            {
                Directory.Delete(dropIns, recursive: true);
            }

            if (dropIn is not null)
            {
                Directory.CreateDirectory(dropIns);
                await File.WriteAllTextAsync(Path.Combine(dropIns, "50-test.conf"), dropIn);
            }

            var theirs = await SkopeoAsync(file, reference);
            var result = await _ocireg.RunAsync("--registries-conf", file, "inspect", "--raw", reference);
            var ours = result.ExitCode == 0 ? Digest.Compute(result.StandardOutputBytes).ToString() : "refused";
            output.WriteLine($"{name}: skopeo {Describe(theirs)}, ocireg {Describe(ours)}");
            if (theirs != expected || ours != expected)
            {
                mismatches.Add($"{name}: expected {Describe(expected)}, skopeo {Describe(theirs)}, ocireg {Describe(ours)}{(result.ExitCode == 0 ? string.Empty : $" ({result.StandardError.Trim()})")}");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));

        string Describe(string outcome) => names.TryGetValue(outcome, out var known) ? known : outcome;
    }

    // skopeo with the sandbox's home, so the user drop-in directory both tools read is the same one.
    private async Task<string> SkopeoAsync(string file, string reference)
    {
        var startInfo = new ProcessStartInfo(_skopeo)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in (string[])["--registries-conf", file, "inspect", "--raw", "--retry-times", "0", reference])
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["HOME"] = _ocireg.Home;
        startInfo.Environment["XDG_RUNTIME_DIR"] = Path.Combine(_ocireg.Home, "runtime");
        startInfo.Environment["XDG_CONFIG_HOME"] = Path.Combine(_ocireg.Home, "config");
        startInfo.Environment.Remove("CONTAINERS_REGISTRIES_CONF");
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("skopeo did not start");
        using var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(copy, errors);
        return process.ExitCode == 0 ? Digest.Compute(stdout.ToArray()).ToString() : "refused";
    }
}
