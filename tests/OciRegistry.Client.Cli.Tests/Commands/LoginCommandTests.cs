using System.Text.Json;
using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.TestSupport.Images;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.Tests.Commands;

/// <summary>An HTTPS registry (its CA given with --cert-dir) with an htpasswd user.</summary>
public sealed class HtpasswdTlsRegistry() : RegistryFixture(new RegistryOptions { Users = [LoginCommandTests.User], Tls = true });

/// <summary>login → copy → logout → copy fails, with the auth file named by --authfile and TLS through --cert-dir.</summary>
public sealed class LoginCommandTests(HtpasswdTlsRegistry registry, ITestOutputHelper output) : IClassFixture<HtpasswdTlsRegistry>, IDisposable
{
    internal static readonly RegistryUser User = new("alice", "correct horse battery staple");

    private readonly ProcessLogScope _log = registry.CaptureLog(output);

    private async Task<CliOutcome> RunAsync(params string[] args)
    {
        var outcome = await CliRun.RunAsync(args);
        output.WriteLine($"ocireg {string.Join(' ', args)}\n{outcome}");
        return outcome;
    }

    [Fact]
    public async Task Login_then_copy_then_logout_then_copy_fails_with_an_authentication_error()
    {
        var image = await TestImages.Locate().PushAsync(registry, registry.NewRepository("login"), "v1");
        var authFile = Path.Combine(registry.CreateScratchDirectory("auth"), "auth.json");
        var certDir = registry.CaCertificateDirectory!;
        var source = registry.DockerReference(image.Repository, image.Tag);

        var login = await RunAsync("login", "--authfile", authFile, "--cert-dir", certDir, "-u", User.Name, "-p", User.Password, registry.Host);
        Assert.Equal((ExitCodes.Success, "Login Succeeded!\n"), (login.ExitCode, login.Out));
        Assert.DoesNotContain(User.Password, login.Out + login.Error, StringComparison.Ordinal);
        using (var stored = JsonDocument.Parse(await File.ReadAllTextAsync(authFile)))
        {
            Assert.True(stored.RootElement.GetProperty("auths").TryGetProperty(registry.Host, out _));
        }

        var whoami = await RunAsync("login", "--get-login", "--authfile", authFile, registry.Host);
        Assert.Equal((ExitCodes.Success, $"{User.Name}\n"), (whoami.ExitCode, whoami.Out));

        var layout = registry.CreateScratchDirectory("layout");
        var copied = await RunAsync("copy", "-q", "--authfile", authFile, "--src-cert-dir", certDir, source, $"oci:{layout}:v1");
        Assert.Equal(ExitCodes.Success, copied.ExitCode);

        var logout = await RunAsync("logout", "--authfile", authFile, registry.Host);
        Assert.Equal((ExitCodes.Success, $"Removed login credentials for {registry.Host}\n"), (logout.ExitCode, logout.Out));

        var refused = await RunAsync("copy", "-q", "--authfile", authFile, "--src-cert-dir", certDir, source, $"oci:{layout}:v2");
        Assert.Equal(ExitCodes.Failure, refused.ExitCode);
        Assert.Contains("401", refused.Error, StringComparison.Ordinal);

        var nobody = await RunAsync("login", "--get-login", "--authfile", authFile, registry.Host);
        Assert.Equal((ExitCodes.Failure, $"ocireg: not logged into {registry.Host}\n"), (nobody.ExitCode, nobody.Error));

        var again = await RunAsync("logout", "--authfile", authFile, registry.Host);
        Assert.Equal((ExitCodes.Failure, $"ocireg: not logged into {registry.Host}\n"), (again.ExitCode, again.Error));
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_nothing_is_stored()
    {
        var authFile = Path.Combine(registry.CreateScratchDirectory("auth"), "auth.json");
        var login = await RunAsync("login", "--authfile", authFile, "--cert-dir", registry.CaCertificateDirectory!, "-u", User.Name, "-p", "wrong-password", registry.Host);
        Assert.Equal(ExitCodes.Failure, login.ExitCode);
        Assert.Contains(registry.Host, login.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", login.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(authFile));
    }

    [Fact]
    public async Task Creds_flags_reach_the_registry_and_tls_without_the_ca_fails_with_exit_1()
    {
        var image = await TestImages.Locate().PushAsync(registry, registry.NewRepository("creds"), "v1");
        var reference = registry.DockerReference(image.Repository, image.Tag);

        var ok = await RunAsync("inspect", "--raw", "--cert-dir", registry.CaCertificateDirectory!, "--creds", $"{User.Name}:{User.Password}", reference);
        Assert.Equal(ExitCodes.Success, ok.ExitCode);
        Assert.Equal(image.ManifestDigest, Digest.Compute(System.Text.Encoding.UTF8.GetBytes(ok.Out)));

        var untrusted = await RunAsync("inspect", "--raw", "--creds", $"{User.Name}:{User.Password}", reference);
        Assert.Equal(ExitCodes.Failure, untrusted.ExitCode);
        Assert.Single(untrusted.Error.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain(User.Password, untrusted.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Password_stdin_needs_a_username_and_excludes_password()
    {
        Assert.Equal("ocireg: Must provide --username with --password-stdin\n", (await RunAsync("login", "--password-stdin", registry.Host)).Error);
        Assert.Equal("ocireg: Can't specify both --password-stdin and --password\n", (await RunAsync("login", "--password-stdin", "-u", "a", "-p", "b", registry.Host)).Error);
        Assert.Equal("ocireg: --all takes no arguments\n", (await RunAsync("logout", "--all", registry.Host)).Error);
    }

    public void Dispose() => _log.Dispose();
}
