using System.Net;
using OciRegistry.Client.Auth.IntegrationTests.Htpasswd;
using OciRegistry.Client.Auth.IntegrationTests.Support;
using OciRegistry.Client.Http;
using OciRegistry.Client.TestSupport.CredentialHelpers;
using OciRegistry.Client.TestSupport.Logging;
using Xunit.Abstractions;

namespace OciRegistry.Client.Auth.IntegrationTests.Helpers;

/// <summary>One throw-away GnuPG key and password store for the class: making a key takes seconds.</summary>
public sealed class PassStoreFixture : IAsyncLifetime
{
    public PassCredentialStore Store { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Store = OperatingSystem.IsWindows()
            ? throw new PlatformNotSupportedException("pass and docker-credential-pass run on Unix only.")
            : await PassCredentialStore.CreateAsync();

    public async Task DisposeAsync()
    {
        if (Store is not null)
        {
            await Store.DisposeAsync();
        }
    }
}

/// <summary>
/// The real <c>docker-credential-pass</c> (Debian's golang-docker-credential-helpers) holds the credentials of an
/// htpasswd registry; a <c>config.json</c> given as <see cref="RegistryAuthenticationOptions.AuthFile"/> routes the
/// registry to it. The helper runs with the store's <c>GNUPGHOME</c> and <c>PASSWORD_STORE_DIR</c> through
/// <see cref="RegistryAuthenticationOptions.CredentialHelperEnvironment"/>.
/// </summary>
public sealed class PassHelperTests : IClassFixture<HtpasswdRegistry>, IClassFixture<PassStoreFixture>, IDisposable
{
    private readonly HtpasswdRegistry _registry;
    private readonly PassCredentialStore _pass;
    private readonly ProcessLogScope _log;
    private readonly string _directory;

    public PassHelperTests(HtpasswdRegistry registry, PassStoreFixture pass, ITestOutputHelper output)
    {
        _registry = registry;
        _pass = pass.Store;
        _log = registry.CaptureLog(output);
        _directory = registry.CreateScratchDirectory("pass-config");
    }

    public void Dispose() => _log.Dispose();

    [Theory]
    [InlineData("credHelpers")]
    [InlineData("credsStore")]
    public async Task Credentials_stored_by_docker_credential_pass_authenticate_a_push_and_a_pull(string route)
    {
        await _pass.StoreAsync(_registry.Host, HtpasswdUsers.Alice.Name, HtpasswdUsers.Alice.Password);
        var config = WriteConfig(route);
        var name = _registry.NewRepository($"pass/{route}");
        var image = TestImage.Create(layers: 2);
        using var client = Client(config);

        await image.PushAsync(client.Repository(name, RepositoryAccess.PullPush), "v1");
        await image.VerifyAsync(client.Repository(name), "v1");
    }

    [Fact]
    public async Task Login_through_the_creds_store_puts_the_secret_in_pass_only_and_logout_removes_it()
    {
        var config = WriteConfig("credsStore");
        var options = Options(config);
        using (var login = new RegistryLoginStore(Microsoft.Extensions.Options.Options.Create(options)))
        {
            await login.StoreAsync(_registry.Host, RegistryCredential.FromUsernamePassword(HtpasswdUsers.Alice.Name, HtpasswdUsers.Alice.Password));
        }

        Assert.DoesNotContain(HtpasswdUsers.Alice.Password, await File.ReadAllTextAsync(config), StringComparison.Ordinal);
        Assert.Contains($"\"{_registry.Host}\":\"alice\"", await _pass.ListAsync(), StringComparison.Ordinal);
        var name = _registry.NewRepository("pass/login");
        using (var client = Client(config))
        {
            await TestImage.Create(layers: 1).PushAsync(client.Repository(name, RepositoryAccess.PullPush), "v1");
        }

        using (var logout = new RegistryLoginStore(Microsoft.Extensions.Options.Options.Create(options)))
        {
            Assert.True(await logout.EraseAsync(_registry.Host));
        }

        Assert.DoesNotContain(_registry.Host, await _pass.ListAsync(), StringComparison.Ordinal);
        using var after = Client(config);
        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => after.Repository(name).FetchManifestAsync("v1"));
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    private string WriteConfig(string route)
    {
        var path = Path.Combine(_directory, $"{route}-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, route == "credHelpers"
            ? $$"""{ "credHelpers": { "{{_registry.Host}}": "{{PassCredentialStore.HelperName}}" } }"""
            : $$"""{ "credsStore": "{{PassCredentialStore.HelperName}}" }""");
        return path;
    }

    private RegistryAuthenticationOptions Options(string config)
    {
        var options = new RegistryAuthenticationOptions { AuthFile = config };
        foreach (var (name, value) in _pass.Environment)
        {
            options.CredentialHelperEnvironment[name] = value;
        }

        return options;
    }

    private AuthTestClient Client(string config) => new(_registry, o =>
    {
        o.UseAuthFiles = true;
        o.AuthFile = config;
        foreach (var (name, value) in _pass.Environment)
        {
            o.CredentialHelperEnvironment[name] = value;
        }
    });
}
