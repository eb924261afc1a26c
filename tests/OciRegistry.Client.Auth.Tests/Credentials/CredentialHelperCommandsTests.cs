using Microsoft.Extensions.Logging.Abstractions;
using OciRegistry.Client.Auth.Credentials;
using OciRegistry.Client.Auth.Tests.Support;

namespace OciRegistry.Client.Auth.Tests.Credentials;

/// <summary>store, erase and list against a real helper process (<see cref="KeychainHelper"/>), with its environment given in the options.</summary>
public sealed class CredentialHelperCommandsTests : IDisposable
{
    private readonly KeychainHelper _keychain = new();

    public void Dispose() => _keychain.Dispose();

    [Fact]
    public async Task Stores_then_gets_then_erases()
    {
        var helper = Helper();

        await helper.StoreAsync("r.test:5000", RegistryCredential.FromUsernamePassword("alice", "s3cret"), default);

        Assert.Equal(RegistryCredential.FromUsernamePassword("alice", "s3cret"), await helper.GetAsync("r.test:5000", default));
        Assert.True(await helper.EraseAsync("r.test:5000", default));
        Assert.Null(await helper.GetAsync("r.test:5000", default));
        Assert.False(await helper.EraseAsync("r.test:5000", default));
    }

    [Fact]
    public async Task Stores_an_identity_token_under_the_token_username()
    {
        var helper = Helper();

        await helper.StoreAsync("r.test", RegistryCredential.FromIdentityToken("refresh-me", "alice"), default);

        Assert.Equal(RegistryCredential.FromIdentityToken("refresh-me"), await helper.GetAsync("r.test", default));
        Assert.Equal("<token>", (await helper.ListAsync(default))["r.test"]);
    }

    [Fact]
    public async Task Refuses_to_store_a_registry_token()
    {
        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(
            () => Helper().StoreAsync("r.test", RegistryCredential.FromRegistryToken("raw-token"), default));

        Assert.Contains("docker-credential-keychain", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("raw-token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_server_urls_with_usernames_and_docker_hub_by_its_legacy_url()
    {
        var helper = Helper();
        await helper.StoreAsync("a.test", RegistryCredential.FromUsernamePassword("alice", "pw"), default);
        await helper.StoreAsync("docker.io", RegistryCredential.FromUsernamePassword("hub", "pw"), default);

        var listed = await helper.ListAsync(default);

        Assert.Equal(2, listed.Count);
        Assert.Equal("alice", listed["a.test"]);
        Assert.Equal("hub", listed["https://index.docker.io/v1/"]);
    }

    [Fact]
    public async Task A_failed_store_names_the_helper_and_its_error_output_without_the_secret()
    {
        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(
            () => Helper().StoreAsync("fail.test", RegistryCredential.FromUsernamePassword("alice", "hunter2"), default));

        Assert.Contains("docker-credential-keychain", error.Message, StringComparison.Ordinal);
        Assert.Contains("'store'", error.Message, StringComparison.Ordinal);
        Assert.Contains("refusing to store", error.Message, StringComparison.Ordinal);
        Assert.Contains("exit code 4", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_and_erase_need_the_helper_to_be_installed()
    {
        var helper = new CredentialHelpers(new RegistryAuthenticationOptions(), new FakeEnvironment(), ProcessRunner.Instance, NullLogger.Instance).Get("absent");

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(
            () => helper.StoreAsync("r.test", RegistryCredential.FromUsernamePassword("u", "p"), default));
        Assert.Contains("docker-credential-absent", error.Message, StringComparison.Ordinal);
        Assert.Contains("not on PATH", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RegistryAuthenticationException>(() => helper.EraseAsync("r.test", default));
    }

    [Fact]
    public async Task Writes_the_store_request_as_the_protocol_json_with_the_variables_of_the_options()
    {
        var runner = new RecordingRunner();
        var options = new RegistryAuthenticationOptions();
        options.CredentialHelperEnvironment["PATH"] = _keychain.Bin;
        options.CredentialHelperEnvironment["GNUPGHOME"] = "/tmp/gnupg";
        var helper = new CredentialHelpers(options, new FakeEnvironment(), runner, NullLogger.Instance).Get("keychain");

        await helper.StoreAsync("docker.io", RegistryCredential.FromUsernamePassword("al\"ice", "p\\w"), default);

        var call = Assert.Single(runner.Calls);
        Assert.Equal(["store"], call.Arguments);
        Assert.Equal("""{"ServerURL":"https://index.docker.io/v1/","Username":"al\u0022ice","Secret":"p\\w"}""", call.Input);
        Assert.Equal("/tmp/gnupg", call.Environment["GNUPGHOME"]);
    }

    private CredentialHelper Helper() =>
        new CredentialHelpers(_keychain.Configure(new RegistryAuthenticationOptions()), new FakeEnvironment(), ProcessRunner.Instance, NullLogger.Instance).Get("keychain");

    private sealed class RecordingRunner : IProcessRunner
    {
        public List<(IReadOnlyList<string> Arguments, string Input, IReadOnlyDictionary<string, string> Environment)> Calls { get; } = [];

        public Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, string standardInput, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, CancellationToken cancellationToken)
        {
            Calls.Add((arguments, standardInput, environment));
            return Task.FromResult(new ProcessResult(0, string.Empty, string.Empty));
        }
    }
}
