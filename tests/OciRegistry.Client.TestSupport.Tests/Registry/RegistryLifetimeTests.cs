using System.Diagnostics;
using System.Net;
using OciRegistry.Client.TestSupport.Certificates;
using OciRegistry.Client.TestSupport.Registry;

namespace OciRegistry.Client.TestSupport.Tests.Registry;

public sealed class RegistryLifetimeTests
{
    [Fact]
    public async Task DisposeAsync_kills_the_process_and_deletes_the_temporary_directory()
    {
        var registry = await RegistryFixture.StartAsync(new RegistryOptions());
        var processId = registry.ProcessId;
        var directory = registry.TemporaryDirectory;
        var scratch = registry.CreateScratchDirectory("leftover");
        await File.WriteAllTextAsync(Path.Combine(scratch, "file"), "x");
        Assert.True(IsRunning(processId));

        await registry.DisposeAsync();

        Assert.False(IsRunning(processId));
        Assert.False(Directory.Exists(directory));
        await registry.DisposeAsync(); // idempotent: xunit may call both dispose interfaces
    }

    [Fact]
    public async Task Parallel_starts_get_distinct_ports_and_all_answer()
    {
        var registries = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => RegistryFixture.StartAsync(new RegistryOptions())));
        try
        {
            Assert.Equal(registries.Length, registries.Select(r => r.Port).Distinct().Count());
            foreach (var registry in registries)
            {
                using var client = registry.CreateHttpClient();
                using var response = await client.GetAsync(new Uri("v2/", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }
        finally
        {
            await Task.WhenAll(registries.Select(r => r.DisposeAsync()));
        }
    }

    [Fact]
    public async Task A_registry_that_exits_early_fails_the_start_with_its_log_and_leaves_nothing_behind()
    {
        var options = new RegistryOptions
        {
            TokenAuth = new TokenAuthOptions(new Uri("http://127.0.0.1:9/token"), "svc", "issuer", "/nonexistent/bundle.pem"),
        };

        var registry = new RegistryWithOptions(options);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(registry.InitializeAsync);

        Assert.Contains("exited with code", error.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/bundle.pem", error.Message, StringComparison.Ordinal);
        Assert.False(IsRunning(registry.ProcessId));
        Assert.NotEmpty(registry.TemporaryDirectory);
        Assert.False(Directory.Exists(registry.TemporaryDirectory));
    }

    [Fact]
    public async Task Token_auth_options_configure_a_Bearer_challenge()
    {
        var directory = Directory.CreateTempSubdirectory("ocireg-token-test-");
        try
        {
            using var authority = TestCertificateAuthority.Create("token signer CA");
            var bundle = Path.Combine(directory.FullName, "bundle.pem");
            await File.WriteAllTextAsync(bundle, authority.CertificatePem);
            var realm = new Uri("http://127.0.0.1:9/token");
            var options = new RegistryOptions { TokenAuth = new TokenAuthOptions(realm, "registry.test", "ocireg-test-issuer", bundle) };

            await using var registry = await RegistryFixture.StartAsync(options);
            using var client = registry.CreateHttpClient();
            using var response = await client.GetAsync(new Uri("v2/", UriKind.Relative));

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var challenge = Assert.Single(response.Headers.WwwAuthenticate);
            Assert.Equal("Bearer", challenge.Scheme);
            Assert.Contains($"realm=\"{realm.AbsoluteUri}\"", challenge.Parameter, StringComparison.Ordinal);
            Assert.Contains("service=\"registry.test\"", challenge.Parameter, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Htpasswd_and_token_auth_together_are_rejected()
    {
        var options = new RegistryOptions
        {
            Users = [new RegistryUser("a", "b")],
            TokenAuth = new TokenAuthOptions(new Uri("http://127.0.0.1:9/token"), "s", "i", "/x"),
        };

        Assert.Throws<ArgumentException>(() => new RegistryWithOptions(options));
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private sealed class RegistryWithOptions(RegistryOptions options) : RegistryFixture(options);
}
