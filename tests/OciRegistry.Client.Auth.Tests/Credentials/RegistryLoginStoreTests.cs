using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OciRegistry.Client.Auth.Credentials;
using OciRegistry.Client.Auth.Tests.Support;

namespace OciRegistry.Client.Auth.Tests.Credentials;

public sealed class RegistryLoginStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly KeychainHelper _keychain = new();

    public void Dispose()
    {
        _keychain.Dispose();
        _dir.Dispose();
    }

    private string AuthFilePath => Path.Combine(_dir.Path, "containers", "auth.json");

    [Fact]
    public async Task Creates_the_file_owner_only_and_reads_back_what_it_stored()
    {
        using var store = Store();

        await store.StoreAsync("r.test:5000", RegistryCredential.FromUsernamePassword("alice", "pw:with:colons"));

        Assert.Equal(AuthFilePath, store.AuthFilePath);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(AuthFilePath));
        }

        Assert.Equal(Base64("alice:pw:with:colons"), (string?)Json()["auths"]!["r.test:5000"]!["auth"]);
        Assert.Equal(RegistryCredential.FromUsernamePassword("alice", "pw:with:colons"), await Reader().GetAsync("r.test:5000", "team/app", default));
        Assert.Equal([Path.GetFileName(AuthFilePath)], Directory.GetFiles(Path.GetDirectoryName(AuthFilePath)!).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Keeps_every_other_key_and_entry_of_the_file()
    {
        Write($$"""
            {
              // docker writes no comments, but people do
              "auths": { "keep.test": { "auth": "{{Base64("k:pw")}}", "email": "k@example.com" } },
              "credHelpers": { "other.test": "none" },
              "HttpHeaders": { "User-Agent": "Docker-Client/19.03" },
              "psFormat": "table {{"{{"}}.ID{{"}}"}}"
            }
            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(AuthFilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        using var store = Store();

        await store.StoreAsync("r.test", RegistryCredential.FromUsernamePassword("alice", "pw"));

        var json = Json();
        Assert.Equal("k@example.com", (string?)json["auths"]!["keep.test"]!["email"]);
        Assert.Equal("none", (string?)json["credHelpers"]!["other.test"]);
        Assert.Equal("Docker-Client/19.03", (string?)json["HttpHeaders"]!["User-Agent"]);
        Assert.Equal("table {{.ID}}", (string?)json["psFormat"]);
        Assert.NotNull(json["auths"]!["r.test"]);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(AuthFilePath));
        }
    }

    [Theory]
    [InlineData("docker.io", "https://index.docker.io/v1/")]
    [InlineData("index.docker.io", "https://index.docker.io/v1/")]
    [InlineData("registry-1.docker.io", "https://index.docker.io/v1/")]
    [InlineData("https://index.docker.io/v1/", "https://index.docker.io/v1/")]
    [InlineData("docker.io/team", "docker.io/team")]
    [InlineData("https://R.test/v2/", "r.test")]
    [InlineData("http://r.test:5000/v1/", "r.test:5000")]
    [InlineData("r.test/Team/App", "r.test/Team/App")]
    public async Task Writes_normalised_keys_and_replaces_entries_that_name_the_same_registry(string registry, string key)
    {
        Write($$"""
            { "auths": {
                "https://index.docker.io/v1/": { "auth": "{{Base64("old:hub")}}" },
                "docker.io": { "auth": "{{Base64("old:hub2")}}" },
                "https://r.test/v1/": { "auth": "{{Base64("old:r")}}" },
                "r.test:5000": { "auth": "{{Base64("old:r5000")}}" } } }
            """);
        using var store = Store();

        await store.StoreAsync(registry, RegistryCredential.FromUsernamePassword("new", "pw"));

        var auths = Json()["auths"]!.AsObject();
        Assert.Equal(Base64("new:pw"), (string?)auths[key]!["auth"]);
        Assert.Single(auths, p => RegistryHosts.Normalize(p.Key) == RegistryHosts.Normalize(key));
        var parts = RegistryHosts.Normalize(registry).Split('/', 2);
        Assert.Equal("new", (await Reader().GetAsync(parts[0], parts.Length > 1 ? parts[1] : null, default))!.Username);
    }

    [Fact]
    public async Task Stores_identity_and_registry_tokens_in_their_fields()
    {
        using var store = Store();

        await store.StoreAsync("id.test", RegistryCredential.FromIdentityToken("refresh-me", "carol"));
        await store.StoreAsync("raw.test", RegistryCredential.FromRegistryToken("bearer-me"));

        var auths = Json()["auths"]!;
        Assert.Equal("refresh-me", (string?)auths["id.test"]!["identitytoken"]);
        Assert.Equal("bearer-me", (string?)auths["raw.test"]!["registrytoken"]);
        Assert.Equal(RegistryCredential.FromIdentityToken("refresh-me", "carol"), await Reader().GetAsync("id.test", null, default));
        Assert.Equal(RegistryCredential.FromRegistryToken("bearer-me"), await Reader().GetAsync("raw.test", null, default));
    }

    [Fact]
    public async Task Erases_one_registry_and_says_whether_it_had_credentials()
    {
        using var store = Store();
        await store.StoreAsync("a.test", RegistryCredential.FromUsernamePassword("a", "pw"));
        await store.StoreAsync("b.test", RegistryCredential.FromUsernamePassword("b", "pw"));

        Assert.True(await store.EraseAsync("https://a.test/v2/"));
        Assert.False(await store.EraseAsync("a.test"));
        Assert.False(await store.EraseAsync("never.test"));

        var auths = Json()["auths"]!.AsObject();
        Assert.Null(auths["a.test"]);
        Assert.NotNull(auths["b.test"]);
    }

    [Fact]
    public async Task Erase_of_a_missing_file_creates_nothing()
    {
        using var store = Store();

        Assert.False(await store.EraseAsync("a.test"));
        await store.EraseAllAsync();

        Assert.False(File.Exists(AuthFilePath));
    }

    [Fact]
    public async Task Stores_through_the_cred_helper_the_file_names_for_the_registry()
    {
        Write("""{ "credHelpers": { "helped.test": "keychain" } }""");
        using var store = Store();

        await store.StoreAsync("helped.test", RegistryCredential.FromUsernamePassword("alice", "helper-secret"));
        await store.StoreAsync("plain.test", RegistryCredential.FromUsernamePassword("bob", "file-secret"));

        var text = File.ReadAllText(AuthFilePath);
        Assert.DoesNotContain(Base64("alice:helper-secret"), text, StringComparison.Ordinal);
        Assert.Empty(Json()["auths"]!["helped.test"]!.AsObject());
        Assert.Equal(1, _keychain.Count);
        Assert.Equal("alice", (await Reader().GetAsync("helped.test", null, default))!.Username);
        Assert.Equal("bob", (await Reader().GetAsync("plain.test", null, default))!.Username);

        Assert.True(await store.EraseAsync("helped.test"));
        Assert.Equal(0, _keychain.Count);
        Assert.Null(await Reader().GetAsync("helped.test", null, default));
    }

    [Fact]
    public async Task Stores_every_registry_through_the_creds_store_and_erases_all_it_listed()
    {
        Write($$"""{ "credsStore": "keychain", "auths": { "stale.test": { "auth": "{{Base64("old:pw")}}" } } }""");
        using var store = Store();

        await store.StoreAsync("a.test", RegistryCredential.FromUsernamePassword("alice", "pw"));
        await store.StoreAsync("docker.io", RegistryCredential.FromUsernamePassword("hub", "pw"));
        await store.StoreAsync("stale.test", RegistryCredential.FromUsernamePassword("fresh", "pw"));

        Assert.Equal(3, _keychain.Count);
        Assert.Empty(Json()["auths"]!["stale.test"]!.AsObject());
        Assert.Equal("hub", (await Reader().GetAsync("docker.io", "library/nginx", default))!.Username);
        Assert.Equal("fresh", (await Reader().GetAsync("stale.test", null, default))!.Username);

        await store.EraseAllAsync();

        Assert.Equal(0, _keychain.Count);
        Assert.Empty(Json()["auths"]!.AsObject());
        Assert.Equal("keychain", (string?)Json()["credsStore"]);
    }

    [Fact]
    public async Task Erase_all_empties_auths_and_erases_cred_helper_entries()
    {
        Write("""{ "credHelpers": { "helped.test": "keychain" }, "credsStore": "" }""");
        using var store = Store();
        await store.StoreAsync("helped.test", RegistryCredential.FromUsernamePassword("alice", "pw"));
        await store.StoreAsync("plain.test", RegistryCredential.FromUsernamePassword("bob", "pw"));

        await store.EraseAllAsync();

        Assert.Equal(0, _keychain.Count);
        Assert.Empty(Json()["auths"]!.AsObject());
        Assert.Equal("keychain", (string?)Json()["credHelpers"]!["helped.test"]);
        Assert.Null(await Reader().GetAsync("plain.test", null, default));
    }

    [Fact]
    public async Task A_namespace_cannot_be_stored_in_a_helper()
    {
        Write("""{ "credsStore": "keychain" }""");
        using var store = Store();

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(
            () => store.StoreAsync("r.test/team", RegistryCredential.FromUsernamePassword("alice", "pw")));

        Assert.Contains("docker-credential-keychain", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _keychain.Count);
    }

    [Fact]
    public async Task A_broken_file_is_reported_and_left_as_it_is()
    {
        Write("""{ "auths": { "r.test": { "auth": "secret-looking" } """);
        var before = File.ReadAllText(AuthFilePath);
        using var store = Store();

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(
            () => store.StoreAsync("a.test", RegistryCredential.FromUsernamePassword("alice", "pw")));

        Assert.Contains(AuthFilePath, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-looking", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(AuthFilePath));
    }

    [Fact]
    public void Writes_where_skopeo_logs_in_when_no_file_is_given()
    {
        var runtime = new FakeEnvironment(new() { ["HOME"] = "/home/u", ["XDG_RUNTIME_DIR"] = "/run/user/1" });
        var home = new FakeEnvironment(new() { ["HOME"] = "/home/u" });
        var fromVariable = new FakeEnvironment(new() { ["HOME"] = "/home/u", ["REGISTRY_AUTH_FILE"] = "/etc/auth.json" });

        Assert.Equal("/run/user/1/containers/auth.json", Store(null, runtime).AuthFilePath);
        Assert.Equal("/home/u/.config/containers/auth.json", Store(null, home).AuthFilePath);
        Assert.Equal("/etc/auth.json", Store(null, fromVariable).AuthFilePath);
        Assert.Null(Store(null, new FakeEnvironment()).AuthFilePath);
    }

    [Fact]
    public async Task Concurrent_stores_lose_no_entry()
    {
        using var store = Store();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => store.StoreAsync($"r{i}.test", RegistryCredential.FromUsernamePassword($"u{i}", "pw"))));

        Assert.Equal(20, Json()["auths"]!.AsObject().Count);
    }

    [Fact]
    public async Task Is_registered_as_the_credential_writer()
    {
        var services = new ServiceCollection();
        services.AddOciRegistryAuthentication(o => o.AuthFile = AuthFilePath);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var writer = provider.GetRequiredService<ICredentialWriter>();
        await writer.StoreAsync("r.test", RegistryCredential.FromUsernamePassword("alice", "pw"));

        Assert.Same(provider.GetRequiredService<RegistryLoginStore>(), writer);
        Assert.Equal("alice", (await Reader().GetAsync("r.test", null, default))!.Username);
    }

    private RegistryLoginStore Store(string? authFile = "", FakeEnvironment? environment = null)
    {
        var options = _keychain.Configure(new RegistryAuthenticationOptions { AuthFile = authFile == string.Empty ? AuthFilePath : authFile });
        return new RegistryLoginStore(options, environment ?? new FakeEnvironment(), ProcessRunner.Instance, NullLogger.Instance);
    }

    private AuthFileCredentialStore Reader() =>
        new(AuthFilePath, new CredentialHelpers(_keychain.Configure(new RegistryAuthenticationOptions()), new FakeEnvironment(), ProcessRunner.Instance, NullLogger.Instance).Get);

    private void Write(string json)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(AuthFilePath)!);
        File.WriteAllText(AuthFilePath, json);
    }

    private JsonObject Json() => JsonNode.Parse(File.ReadAllText(AuthFilePath))!.AsObject();

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
