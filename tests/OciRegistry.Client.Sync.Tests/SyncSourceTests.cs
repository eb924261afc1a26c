using OciRegistry.Client.Auth;
using OciRegistry.Client.Http;

namespace OciRegistry.Client.Sync.Tests;

public sealed class SyncSourceTests
{
    private const string Yaml = """
        registry.example:
            images:
                app: [v1]
            credentials:
                username: john
                password: this is a secret
        mirror.example:5000:
            tls-verify: false
            images:
                base: []
        """;

    [Fact]
    public void A_yaml_source_lists_its_registries_in_the_files_order_and_applies_their_settings()
    {
        var source = SyncSource.ParseYaml(Yaml, "sync.yaml");
        var client = new OciRegistryClientOptions();
        var authentication = new RegistryAuthenticationOptions();

        source.ApplyTo(client, authentication);

        Assert.Equal(SyncSourceKind.Yaml, source.Kind);
        Assert.Equal("sync.yaml", source.Location);
        Assert.Equal(["registry.example", "mirror.example:5000"], source.YamlRegistries);
        Assert.Equal("john", authentication.Credentials["registry.example"].Username);
        Assert.True(client.Registries["mirror.example:5000"].Insecure);
    }

    [Fact]
    public void A_registry_source_lists_no_yaml_registries_and_applies_nothing()
    {
        var source = SyncSource.Registry("registry.example/app");
        var client = new OciRegistryClientOptions();
        var authentication = new RegistryAuthenticationOptions();

        source.ApplyTo(client, authentication);

        Assert.Empty(source.YamlRegistries);
        Assert.Empty(client.Registries);
        Assert.Empty(authentication.Credentials);
    }

    [Fact]
    public void A_yaml_text_that_is_not_a_sync_file_is_refused_naming_the_problem()
    {
        var error = Assert.Throws<FormatException>(() => SyncSource.ParseYaml("registry.example:\n  image:\n    app: [v1]\n"));

        Assert.Contains("unknown key \"image\"", error.Message, StringComparison.Ordinal);
    }
}
