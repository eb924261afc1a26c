using Microsoft.Extensions.DependencyInjection;
using OciRegistry.Client.Hosting.Tests.Support;
using OciRegistry.Client.Http;
using OciRegistry.Client.Http.RegistriesConf;

namespace OciRegistry.Client.Hosting.Tests.Configuration;

/// <summary><c>OciRegistry:RegistriesConf</c> names a containers-registries.conf file that the client's pulls then follow.</summary>
public sealed class RegistriesConfBindingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hosting-regconf-").FullName;

    private OciRegistryClient Client(string toml, out ServiceProvider provider)
    {
        var path = Path.Combine(_directory, "registries.conf");
        File.WriteAllText(path, toml);
        var services = new ServiceCollection();
        services.AddOciRegistryClient(TestConfiguration.From(("OciRegistry:RegistriesConf", path)).GetSection("OciRegistry"));
        provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return provider.GetRequiredService<OciRegistryClient>();
    }

    [Fact]
    public void A_bound_file_blocks_and_rewrites_as_it_says()
    {
        var client = Client("""
            [[registry]]
            location = "blocked.example"
            blocked = true
            [[registry]]
            prefix = "example.com/foo"
            location = "internal.example.com/mirror/foo"
            """, out var provider);
        using (provider)
        {
            Assert.Throws<BlockedRegistryException>(() => client.GetRepository(ImageReference.Parse("blocked.example/x:1")));
            Assert.Equal("internal.example.com/mirror/foo/bar", client.GetRepository(ImageReference.Parse("example.com/foo/bar:1")).Name);
        }
    }

    [Fact]
    public void A_bad_file_fails_the_start_naming_the_key_the_file_and_its_key()
    {
        var failure = Assert.ThrowsAny<Exception>(() =>
        {
            var client = Client("[[registry]]\nlocation = \"x.io\"\nmirrors = []", out var provider);
            provider.Dispose();
        });

        var messages = TestConfiguration.FailureMessages(failure);
        Assert.Contains("OciRegistry:RegistriesConf: registries configuration", messages, StringComparison.Ordinal);
        Assert.Contains("registries.conf: [[registry]] #1 mirrors: unknown key", messages, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
