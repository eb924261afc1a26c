using System.Text;
using OciRegistry.Client.Auth.Credentials;
using OciRegistry.Client.Auth.Tests.Support;

namespace OciRegistry.Client.Auth.Tests.Credentials;

public sealed class AuthFileTests
{
    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("registry.test", "registry.test")]
    [InlineData("REGISTRY.test", "registry.test")]
    [InlineData("https://registry.test", "registry.test")]
    [InlineData("http://registry.test/", "registry.test")]
    [InlineData("https://registry.test/v1/", "registry.test")]
    [InlineData("https://registry.test/v2/", "registry.test")]
    [InlineData("registry.test:5000/team", "registry.test:5000/team")]
    [InlineData("registry.test/Team/App", "registry.test/Team/App")]
    [InlineData("https://index.docker.io/v1/", "docker.io")]
    [InlineData("index.docker.io", "docker.io")]
    [InlineData("registry-1.docker.io", "docker.io")]
    [InlineData("docker.io", "docker.io")]
    [InlineData("docker.io/library", "docker.io/library")]
    [InlineData("registry.hub.docker.com", "docker.io")]
    [InlineData("https://registry-1.docker.io/v2/", "docker.io")]
    [InlineData("http://index.docker.io/v1", "docker.io")]
    [InlineData("HTTPS://Index.Docker.IO/v1/", "docker.io")]
    [InlineData("https://r.test:5000/v2", "r.test:5000")]
    [InlineData(" r.test ", "r.test")]
    public void Normalizes_keys(string key, string expected) => Assert.Equal(expected, RegistryHosts.Normalize(key));

    [Fact]
    public void Lists_lookup_keys_from_most_to_least_specific()
    {
        Assert.Equal(["r.test/a/b/c", "r.test/a/b", "r.test/a", "r.test"], RegistryHosts.LookupKeys("r.test", "a/b/c"));
        Assert.Equal(["docker.io/library/nginx", "docker.io/library", "docker.io"], RegistryHosts.LookupKeys("index.docker.io", "library/nginx"));
        Assert.Equal(["r.test"], RegistryHosts.LookupKeys("r.test", null));
    }

    [Fact]
    public void Reads_every_kind_of_auths_entry()
    {
        var file = AuthFile.Parse(Encoding.UTF8.GetBytes($$"""
            {
              "auths": {
                "basic.test": { "auth": "{{B64("alice:pa:ss")}}" },
                "fields.test": { "username": "bob", "password": "pw" },
                "identity.test": { "auth": "{{B64("carol:")}}", "identitytoken": "refresh-me" },
                "token.test": { "registrytoken": "raw" },
                "empty.test": {},
                "blank.test": { "auth": "" }
              }
            }
            """));

        Assert.Equal(RegistryCredential.FromUsernamePassword("alice", "pa:ss"), file.Find("basic.test", null));
        Assert.Equal(RegistryCredential.FromUsernamePassword("bob", "pw"), file.Find("fields.test", null));
        Assert.Equal(RegistryCredential.FromIdentityToken("refresh-me", "carol"), file.Find("identity.test", null));
        Assert.Equal(RegistryCredential.FromRegistryToken("raw"), file.Find("token.test", null));
        Assert.Null(file.Find("empty.test", null));
        Assert.Null(file.Find("blank.test", null));
        Assert.Null(file.Find("unknown.test", null));
    }

    [Fact]
    public void Picks_the_most_specific_entry_for_a_repository()
    {
        var file = AuthFile.Parse(Encoding.UTF8.GetBytes($$"""
            {
              "auths": {
                "r.test": { "auth": "{{B64("host:1")}}" },
                "r.test/team": { "auth": "{{B64("team:2")}}" },
                "r.test/team/app": { "auth": "{{B64("app:3")}}" },
                "r.test/team/empty": {}
              }
            }
            """));

        Assert.Equal("app", file.Find("r.test", "team/app")!.Username);
        Assert.Equal("team", file.Find("r.test", "team/other")!.Username);
        Assert.Equal("team", file.Find("r.test", "team/empty")!.Username);
        Assert.Equal("host", file.Find("r.test", "elsewhere/app")!.Username);
        Assert.Equal("host", file.Find("r.test", null)!.Username);
        Assert.Equal("host", file.Find("r.test", "teamx/app")!.Username);
    }

    [Theory]
    [InlineData("https://index.docker.io/v1/")]
    [InlineData("docker.io")]
    [InlineData("index.docker.io")]
    [InlineData("registry-1.docker.io")]
    public void Finds_docker_hub_under_any_of_its_names(string key)
    {
        var file = AuthFile.Parse(Encoding.UTF8.GetBytes($$"""{ "auths": { "{{key}}": { "auth": "{{B64("hub:pw")}}" } } }"""));

        Assert.Equal("hub", file.Find("docker.io", "library/nginx")!.Username);
        Assert.Equal("hub", file.Find("registry-1.docker.io", null)!.Username);
    }

    [Fact]
    public void Reads_helpers_and_the_store()
    {
        var file = AuthFile.Parse(Encoding.UTF8.GetBytes("""{ "credHelpers": { "https://Gcr.io": "gcloud", "index.docker.io": "desktop" }, "credsStore": "pass" }"""));

        Assert.Equal("gcloud", file.CredentialHelpers["gcr.io"]);
        Assert.Equal("desktop", file.CredentialHelpers["docker.io"]);
        Assert.Equal("pass", file.CredentialsStore);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{ "auths": { "r.test": { "auth": "%%%" } } }""")]
    [InlineData("""{ "auths": { "r.test": { "auth": "bm9jb2xvbg==" } } }""")]
    public async Task Reports_a_broken_file_without_quoting_it(string content)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("auth.json", content);

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => AuthFile.ReadAsync(path, default));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("bm9jb2xvbg", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n\t")]
    public async Task An_empty_file_has_no_credentials(string content)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("auth.json", content);

        var file = await AuthFile.ReadAsync(path, default);

        Assert.NotNull(file);
        Assert.Empty(file.Auths);
        Assert.Empty(file.CredentialHelpers);
        Assert.Null(file.CredentialsStore);
    }

    [Fact]
    public async Task A_missing_file_has_no_credentials()
    {
        using var dir = new TempDirectory();

        Assert.Null(await AuthFile.ReadAsync(Path.Combine(dir.Path, "nope", "auth.json"), default));
    }
}
