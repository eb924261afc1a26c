using OciRegistry.Client.Auth;
using OciRegistry.Client.Http;
using OciRegistry.Client.Sync.Yaml;

namespace OciRegistry.Client.Sync.Tests.Yaml;

public sealed class SyncYamlFileTests
{
    // The example of skopeo-sync(1), with every key it documents.
    private const string SkopeoExample = """
        docker.io:
            images:
                busybox: []
                redis:
                    - "1.0"
                    - "2.0"
                    - "sha256:0000000000000000000000000000000000000000000000000000000000000000"
            images-by-tag-regex:
                nginx: ^1\.13\.[12]-alpine-perl$
            images-by-semver:
                alpine: ">= 3.12.0"
            credentials:
                username: john
                password: this is a secret
            tls-verify: true
            cert-dir: /home/john/certs
        quay.io:
            tls-verify: false
            images:
                coreos/etcd:
                    - latest
        """;

    [Fact]
    public void Parses_every_key_of_skopeos_format()
    {
        var file = SyncYamlFile.Parse(SkopeoExample);

        Assert.Equal(["docker.io", "quay.io"], file.Registries.Select(r => r.Registry));
        var hub = file.Registries[0];
        Assert.Empty(hub.Images["busybox"]);
        Assert.Equal(["1.0", "2.0", "sha256:" + new string('0', 64)], hub.Images["redis"]);
        Assert.Equal(@"^1\.13\.[12]-alpine-perl$", hub.ImagesByTagRegex["nginx"]);
        Assert.Equal(">= 3.12.0", hub.ImagesBySemver["alpine"]);
        Assert.Equal("john", hub.Username);
        Assert.Equal("this is a secret", hub.Password);
        Assert.True(hub.TlsVerify);
        Assert.Equal("/home/john/certs", hub.CertDirectory);
        Assert.False(file.Registries[1].TlsVerify);
        Assert.Equal(["latest"], file.Registries[1].Images["coreos/etcd"]);
    }

    [Fact]
    public void Tls_verify_absent_is_null_so_verification_stays_on()
    {
        var file = SyncYamlFile.Parse("r.example:\n  images:\n    app: [v1]\n");

        Assert.Null(file.Registries[0].TlsVerify);
        Assert.Null(file.Registries[0].Username);
    }

    [Fact]
    public void A_repository_with_no_value_means_every_tag()
    {
        var file = SyncYamlFile.Parse("r.example:\n  images:\n    app:\n");

        Assert.Empty(file.Registries[0].Images["app"]);
    }

    [Theory]
    [InlineData("r.example:\n  image:\n    app: [v1]\n", "unknown key \"image\"")]
    [InlineData("r.example:\n  tls-verify: maybe\n", "\"maybe\" is not true or false")]
    [InlineData("r.example:\n  images:\n    app: v1\n", "a list of tags or digests")]
    [InlineData("- a\n- b\n", "must be a mapping")]
    [InlineData("r.example:\n  images: [\n", "line")]
    public void Refuses_what_is_not_a_sync_file_naming_the_problem(string yaml, string expected)
    {
        var error = Assert.Throws<FormatException>(() => SyncYamlFile.Parse(yaml));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Applies_tls_cert_dir_and_credentials_per_registry()
    {
        var file = SyncYamlFile.Parse(SkopeoExample);
        var client = new OciRegistryClientOptions();
        var authentication = new RegistryAuthenticationOptions();

        file.ApplyTo(client, authentication);

        Assert.False(client.Registries["docker.io"].SkipTlsVerify);
        Assert.Equal("/home/john/certs", client.Registries["docker.io"].CertificateDirectory);
        Assert.True(client.Registries["quay.io"].SkipTlsVerify);
        Assert.Equal("john", authentication.Credentials["docker.io"].Username);
        Assert.False(authentication.Credentials.ContainsKey("quay.io"));
    }

    [Fact]
    public void Describing_a_registry_leaves_the_password_out()
    {
        var registry = SyncYamlFile.Parse(SkopeoExample).Registries[0];

        Assert.DoesNotContain("secret", registry.ToString(), StringComparison.Ordinal);
    }
}
