using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using OciRegistry.Client.Auth.Credentials;
using OciRegistry.Client.Auth.Tests.Support;

namespace OciRegistry.Client.Auth.Tests.Credentials;

public sealed class CredentialStoreChainTests
{
    private static string Entry(string user) => $$"""{ "auths": { "r.test": { "auth": "{{Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":pw"))}}" } } }""";

    [Fact]
    public async Task Asks_explicit_credentials_then_podman_then_docker_files()
    {
        using var dir = new TempDirectory();
        dir.Write("run/containers/auth.json", Entry("runtime"));
        dir.Write("home/.config/containers/auth.json", Entry("config"));
        dir.Write("home/.docker/config.json", Entry("docker") + "\n");
        var environment = new FakeEnvironment(new() { ["HOME"] = Path.Combine(dir.Path, "home"), ["XDG_RUNTIME_DIR"] = Path.Combine(dir.Path, "run") });
        var options = new RegistryAuthenticationOptions();

        Assert.Equal("runtime", (await Chain(options, environment).GetAsync("r.test", null, default))!.Username);

        File.Delete(Path.Combine(dir.Path, "run/containers/auth.json"));
        Assert.Equal("config", (await Chain(options, environment).GetAsync("r.test", null, default))!.Username);

        File.Delete(Path.Combine(dir.Path, "home/.config/containers/auth.json"));
        Assert.Equal("docker", (await Chain(options, environment).GetAsync("r.test", null, default))!.Username);

        options.Credentials["https://r.test/v1/"] = RegistryCredential.FromUsernamePassword("explicit", "pw");
        Assert.Equal("explicit", (await Chain(options, environment).GetAsync("r.test", null, default))!.Username);
    }

    [Fact]
    public async Task Reads_only_the_auth_file_named_in_the_environment()
    {
        using var dir = new TempDirectory();
        dir.Write("home/.docker/config.json", Entry("docker"));
        var only = dir.Write("only.json", """{ "auths": {} }""");
        var environment = new FakeEnvironment(new() { ["HOME"] = Path.Combine(dir.Path, "home"), ["REGISTRY_AUTH_FILE"] = only });

        Assert.Null(await Chain(new RegistryAuthenticationOptions(), environment).GetAsync("r.test", null, default));
    }

    [Fact]
    public async Task Reads_no_files_when_turned_off()
    {
        using var dir = new TempDirectory();
        dir.Write("home/.docker/config.json", Entry("docker"));
        var environment = new FakeEnvironment(new() { ["HOME"] = Path.Combine(dir.Path, "home") });

        Assert.Null(await Chain(new RegistryAuthenticationOptions { UseAuthFiles = false }, environment).GetAsync("r.test", null, default));
    }

    [Fact]
    public async Task Registered_stores_come_after_explicit_credentials_and_before_files()
    {
        using var dir = new TempDirectory();
        dir.Write("home/.docker/config.json", Entry("docker"));
        var environment = new FakeEnvironment(new() { ["HOME"] = Path.Combine(dir.Path, "home") });
        var custom = new FixedStore(RegistryCredential.FromUsernamePassword("custom", "pw"));

        var chain = RegistryAuthenticator.CreateStoreChain(new RegistryAuthenticationOptions(), [custom], environment, ProcessRunner.Instance, NullLogger.Instance);

        Assert.Equal("custom", (await chain.GetAsync("r.test", null, default))!.Username);
    }

    [Fact]
    public async Task Explicit_credentials_match_namespaces_most_specific_first()
    {
        var options = new RegistryAuthenticationOptions { UseAuthFiles = false };
        options.Credentials["r.test"] = RegistryCredential.FromUsernamePassword("host", "pw");
        options.Credentials["r.test/team"] = RegistryCredential.FromUsernamePassword("team", "pw");
        options.Credentials["docker.io"] = RegistryCredential.FromUsernamePassword("hub", "pw");
        var chain = Chain(options, new FakeEnvironment());

        Assert.Equal("team", (await chain.GetAsync("r.test", "team/app", default))!.Username);
        Assert.Equal("host", (await chain.GetAsync("r.test", "other/app", default))!.Username);
        Assert.Equal("hub", (await chain.GetAsync("index.docker.io", "library/nginx", default))!.Username);
    }

    [Fact]
    public void Credentials_never_show_secrets()
    {
        Assert.DoesNotContain("pw-secret", RegistryCredential.FromUsernamePassword("alice", "pw-secret").ToString(), StringComparison.Ordinal);
        Assert.Contains("alice", RegistryCredential.FromUsernamePassword("alice", "pw-secret").ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("id-secret", RegistryCredential.FromIdentityToken("id-secret", "alice").ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("raw-secret", RegistryCredential.FromRegistryToken("raw-secret").ToString(), StringComparison.Ordinal);
    }

    private static ICredentialStore Chain(RegistryAuthenticationOptions options, FakeEnvironment environment) =>
        RegistryAuthenticator.CreateStoreChain(options, [], environment, ProcessRunner.Instance, NullLogger.Instance);

    private sealed class FixedStore(RegistryCredential credential) : ICredentialStore
    {
        public Task<RegistryCredential?> GetAsync(string registry, string? repository, CancellationToken cancellationToken) =>
            Task.FromResult<RegistryCredential?>(credential);
    }
}
