using System.Text.RegularExpressions;
using OciRegistry.Client.Cli.IntegrationTests.Support;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using OciRegistry.Client.TestSupport.Tools;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Auth;

/// <summary>login → copy → logout → copy fails, and credentials on the command line, against every kind of auth.
/// Every login and logout names a temp <c>--authfile</c>, so the machine's own auth files stay untouched.</summary>
public abstract partial class LoginLogoutTests<TRegistry> : IDisposable
    where TRegistry : CliRegistry
{
    private readonly ProcessLogScope _log;

    protected LoginLogoutTests(TRegistry fixture, ITestOutputHelper output)
    {
        Fixture = fixture;
        _log = fixture.Registry.CaptureLog(output);
        Ocireg = new Ocireg(output);
    }

    protected TRegistry Fixture { get; }

    private protected Ocireg Ocireg { get; }

    private RegistryFixture Registry => Fixture.Registry;

    private RegistryUser User => Fixture.User!;

    private string Source => Registry.DockerReference(Fixture.Sample.Repository, "v1");

    public void Dispose()
    {
        Ocireg.Dispose();
        _log.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Login_copy_logout_then_copy_fails_with_an_authentication_error()
    {
        var authFile = Ocireg.PathInHome("auth.json");

        var login = await Ocireg.SucceedAsync(
            ["login", "--authfile", authFile, .. Fixture.TransportFlags(), "-u", User.Name, "-p", User.Password, Registry.Host]);
        Assert.Equal("Login Succeeded!", login.StandardOutput.Trim());
        Assert.Contains(Registry.Host, await File.ReadAllTextAsync(authFile), StringComparison.Ordinal);
        Assert.DoesNotContain(User.Password, await File.ReadAllTextAsync(authFile), StringComparison.Ordinal);

        var destination = Registry.DockerReference(Registry.NewRepository("login/copy"), "v1");
        await Ocireg.SucceedAsync(
            ["copy", "--quiet", "--authfile", authFile, .. Fixture.TransportFlags("src-"), .. Fixture.TransportFlags("dest-"), Source, destination]);
        var copied = await Skopeo.Locate().InspectRawAsync(destination, Fixture.PushAccess);
        Assert.Equal(Fixture.Sample.ManifestDigest, Digest.Compute(copied.Span));

        var logout = await Ocireg.SucceedAsync("logout", "--authfile", authFile, Registry.Host);
        Assert.Equal($"Removed login credentials for {Registry.Host}", logout.StandardOutput.Trim());
        Assert.DoesNotContain(Registry.Host, await File.ReadAllTextAsync(authFile), StringComparison.Ordinal);

        var again = Registry.DockerReference(Registry.NewRepository("login/after-logout"), "v1");
        var line = Expect.FailsWithOneLine(
            await Ocireg.RunAsync(
                ["copy", "--quiet", "--authfile", authFile, .. Fixture.TransportFlags("src-"), .. Fixture.TransportFlags("dest-"), Source, again]),
            1);
        Assert.Matches(AuthenticationError(), line);
    }

    [Fact]
    public async Task Get_login_prints_the_stored_user_name()
    {
        var authFile = Ocireg.PathInHome("auth.json");
        await Ocireg.SucceedAsync(
            ["login", "--authfile", authFile, .. Fixture.TransportFlags(), "-u", User.Name, "-p", User.Password, Registry.Host]);

        var getLogin = await Ocireg.SucceedAsync("login", "--authfile", authFile, "--get-login", Registry.Host);

        Assert.Equal(User.Name, getLogin.StandardOutput.Trim());
    }

    [Fact]
    public async Task Login_reads_the_password_from_stdin()
    {
        var authFile = Ocireg.PathInHome("auth.json");

        var result = await Ocireg.RunAsync(
            ["login", "--authfile", authFile, .. Fixture.TransportFlags(), "-u", User.Name, "--password-stdin", Registry.Host],
            standardInput: User.Password + "\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("Login Succeeded!", result.StandardOutput.Trim());
        await Ocireg.SucceedAsync(["inspect", "--raw", "--authfile", authFile, .. Fixture.TransportFlags(), Source]);
    }

    [Fact]
    public async Task Login_with_a_wrong_password_exits_1_and_stores_nothing()
    {
        var authFile = Ocireg.PathInHome("auth.json");

        var line = Expect.FailsWithOneLine(
            await Ocireg.RunAsync(
                ["login", "--authfile", authFile, .. Fixture.TransportFlags(), "-u", User.Name, "-p", "wrong-password-4711", Registry.Host]),
            1);

        Assert.DoesNotContain("wrong-password-4711", line, StringComparison.Ordinal);
        Assert.True(!File.Exists(authFile) || !File.ReadAllText(authFile).Contains(Registry.Host, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Inspect_and_list_tags_with_creds_on_the_command_line()
    {
        var creds = $"{User.Name}:{User.Password}";

        var raw = await Ocireg.SucceedAsync(["inspect", "--raw", "--creds", creds, .. Fixture.TransportFlags(), Source]);
        var tags = await Ocireg.SucceedAsync(
            ["list-tags", "--creds", creds, .. Fixture.TransportFlags(), $"docker://{Registry.Host}/{Fixture.Sample.Repository}"]);

        Assert.Equal(Fixture.Sample.ManifestDigest, Digest.Compute(raw.StandardOutputBytes));
        Assert.Contains("\"v2\"", tags.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_credentials_exit_1_with_one_line_that_names_the_image_and_not_the_password()
    {
        var line = Expect.FailsWithOneLine(
            await Ocireg.RunAsync(["inspect", "--creds", $"{User.Name}:wrong-password-4711", .. Fixture.TransportFlags(), Source]), 1);

        Assert.Matches(AuthenticationError(), line);
        Assert.Contains(Fixture.Sample.Repository, line, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-4711", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_credentials_exit_1_with_an_authentication_error()
    {
        var line = Expect.FailsWithOneLine(await Ocireg.RunAsync(["inspect", "--no-creds", .. Fixture.TransportFlags(), Source]), 1);

        Assert.Matches(AuthenticationError(), line);
    }

    [Fact]
    public async Task Debug_traces_requests_on_stderr_without_secrets()
    {
        var result = await Ocireg.SucceedAsync(
            ["--debug", "inspect", "--raw", "--creds", $"{User.Name}:{User.Password}", .. Fixture.TransportFlags(), Source]);

        Assert.Equal(Fixture.Sample.ManifestDigest, Digest.Compute(result.StandardOutputBytes));
        Assert.NotEmpty(result.ErrorLines);
        Assert.Contains(Fixture.Sample.Repository, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(User.Password, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{User.Name}:{User.Password}")), result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotMatch("Bearer +ey", result.StandardError);
    }

    [GeneratedRegex("unauthori[sz]ed|authenticat|denied|401", RegexOptions.IgnoreCase)]
    private static partial Regex AuthenticationError();
}

public sealed class HtpasswdLoginLogoutTests(HtpasswdRegistry fixture, ITestOutputHelper output)
    : LoginLogoutTests<HtpasswdRegistry>(fixture, output), IClassFixture<HtpasswdRegistry>;

public sealed class TlsLoginLogoutTests(TlsRegistry fixture, ITestOutputHelper output)
    : LoginLogoutTests<TlsRegistry>(fixture, output), IClassFixture<TlsRegistry>;

public sealed class TokenLoginLogoutTests(TokenRegistry fixture, ITestOutputHelper output)
    : LoginLogoutTests<TokenRegistry>(fixture, output), IClassFixture<TokenRegistry>;
