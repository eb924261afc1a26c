using Microsoft.Extensions.Logging.Abstractions;
using OciRegistry.Client.Auth.Credentials;
using OciRegistry.Client.Auth.Tests.Support;

namespace OciRegistry.Client.Auth.Tests.Credentials;

/// <summary>
/// A real process: a tiny <c>docker-credential-test</c> shell script in a temp directory, found through the PATH of
/// an injected environment.
/// </summary>
public sealed class CredentialHelperTests : IDisposable
{
    private const string Script = """
        #!/bin/sh
        [ "$1" = "get" ] || { echo "unexpected command $1" >&2; exit 2; }
        read -r server
        case "$server" in
          registry.test) printf '{"ServerURL":"%s","Username":"alice","Secret":"helper-pw"}' "$server" ;;
          token.test) printf '{"ServerURL":"%s","Username":"<token>","Secret":"id-tok"}' "$server" ;;
          https://index.docker.io/v1/) printf '{"ServerURL":"%s","Username":"hub","Secret":"hub-pw"}' "$server" ;;
          fail.test) echo "keychain locked" >&2; exit 3 ;;
          slow.test) exec sleep 60 ;;
          garbage.test) echo 'not json: secret-value' ;;
          *) echo "credentials not found in native keychain"; exit 1 ;;
        esac
        """;

    private readonly TempDirectory _dir = new();
    private readonly FakeEnvironment _environment;

    public CredentialHelperTests()
    {
        var bin = Path.Combine(_dir.Path, "bin");
        Directory.CreateDirectory(bin);
        var path = Path.Combine(bin, "docker-credential-test");
        File.WriteAllText(path, Script.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        _environment = new FakeEnvironment(new() { ["PATH"] = $"{Path.Combine(_dir.Path, "empty")}{Path.PathSeparator}{bin}" });
    }

    [Fact]
    public async Task Reads_username_and_secret()
    {
        Assert.Equal(RegistryCredential.FromUsernamePassword("alice", "helper-pw"), await Helper().GetAsync("registry.test", default));
    }

    [Fact]
    public async Task Takes_a_token_username_as_an_identity_token()
    {
        Assert.Equal(RegistryCredential.FromIdentityToken("id-tok"), await Helper().GetAsync("token.test", default));
    }

    [Theory]
    [InlineData("docker.io")]
    [InlineData("index.docker.io")]
    [InlineData("registry-1.docker.io")]
    public async Task Asks_about_docker_hub_by_its_legacy_server_url(string registry)
    {
        Assert.Equal("hub", (await Helper().GetAsync(registry, default))!.Username);
    }

    [Fact]
    public async Task Credentials_not_found_means_none()
    {
        Assert.Null(await Helper().GetAsync("unknown.test", default));
    }

    [Fact]
    public async Task A_failure_names_the_helper_and_its_error_output()
    {
        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => Helper().GetAsync("fail.test", default));

        Assert.Contains("docker-credential-test", error.Message, StringComparison.Ordinal);
        Assert.Contains("keychain locked", error.Message, StringComparison.Ordinal);
        Assert.Contains("exit code 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_that_is_not_json_is_an_error_that_does_not_quote_it()
    {
        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => Helper().GetAsync("garbage.test", default));

        Assert.DoesNotContain("secret-value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_helper_that_does_not_answer_in_time_is_killed_and_reported()
    {
        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => Helper(TimeSpan.FromMilliseconds(300)).GetAsync("slow.test", default));

        Assert.Contains("did not answer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_helper_missing_from_path_gives_no_credentials()
    {
        var helper = new CredentialHelper("absent", _environment, ProcessRunner.Instance, TimeSpan.FromSeconds(10), NullLogger.Instance);

        Assert.Null(helper.Locate());
        Assert.Null(await helper.GetAsync("registry.test", default));
    }

    [Fact]
    public void Helper_names_cannot_walk_out_of_path()
    {
        Assert.Null(new CredentialHelper("../bin/test", _environment, ProcessRunner.Instance, TimeSpan.FromSeconds(10), NullLogger.Instance).Locate());
    }

    [Fact]
    public async Task Auth_files_use_cred_helpers_before_auths()
    {
        var file = _dir.Write("config.json", """
            { "auths": { "registry.test": { "auth": "ZmlsZTpwdw==" }, "other.test": { "auth": "ZmlsZTpwdw==" } },
              "credHelpers": { "registry.test": "test" } }
            """);
        var store = new AuthFileCredentialStore(file, name => new CredentialHelper(name, _environment, ProcessRunner.Instance, TimeSpan.FromSeconds(10), NullLogger.Instance));

        Assert.Equal("alice", (await store.GetAsync("registry.test", "team/app", default))!.Username);
        Assert.Equal("file", (await store.GetAsync("other.test", null, default))!.Username);
    }

    [Fact]
    public async Task Auth_files_use_the_creds_store_then_fall_back_to_auths()
    {
        var file = _dir.Write("config.json", """
            { "auths": { "unknown.test": { "auth": "ZmlsZTpwdw==" } }, "credsStore": "test" }
            """);
        var store = new AuthFileCredentialStore(file, name => new CredentialHelper(name, _environment, ProcessRunner.Instance, TimeSpan.FromSeconds(10), NullLogger.Instance));

        Assert.Equal("alice", (await store.GetAsync("registry.test", null, default))!.Username);
        Assert.Equal("hub", (await store.GetAsync("docker.io", "library/nginx", default))!.Username);
        Assert.Equal("file", (await store.GetAsync("unknown.test", null, default))!.Username);
    }

    [Fact]
    public async Task Runs_the_get_command_with_the_server_on_standard_input()
    {
        var runner = new RecordingRunner(new ProcessResult(0, """{"ServerURL":"r.test","Username":"u","Secret":"s"}""", string.Empty));
        var helper = new CredentialHelper("test", _environment, runner, TimeSpan.FromSeconds(7), NullLogger.Instance);

        await helper.GetAsync("r.test:5000", default);

        var call = Assert.Single(runner.Calls);
        Assert.EndsWith("docker-credential-test", call.FileName, StringComparison.Ordinal);
        Assert.Equal(["get"], call.Arguments);
        Assert.Equal("r.test:5000", call.Input);
        Assert.Equal(TimeSpan.FromSeconds(7), call.Timeout);
    }

    public void Dispose() => _dir.Dispose();

    private CredentialHelper Helper(TimeSpan? timeout = null) =>
        new("test", _environment, ProcessRunner.Instance, timeout ?? TimeSpan.FromSeconds(30), NullLogger.Instance);

    private sealed class RecordingRunner(ProcessResult result) : IProcessRunner
    {
        public List<(string FileName, IReadOnlyList<string> Arguments, string Input, TimeSpan Timeout)> Calls { get; } = [];

        public List<IReadOnlyDictionary<string, string>> Environments { get; } = [];

        public Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, string standardInput, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, CancellationToken cancellationToken)
        {
            Calls.Add((fileName, arguments, standardInput, timeout));
            Environments.Add(environment);
            return Task.FromResult(result);
        }
    }
}
