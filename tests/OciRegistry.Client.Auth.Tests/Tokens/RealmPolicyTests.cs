using System.Net;
using OciRegistry.Client.Auth.Tokens;

namespace OciRegistry.Client.Auth.Tests.Tokens;

public sealed class RealmPolicyTests
{
    [Theory]
    [InlineData("https://auth.test/token", false)]
    [InlineData("https://auth.test/token", true)]
    [InlineData("http://auth.test/token", true)]
    public void Accepts_https_realms_and_http_for_insecure_registries(string realm, bool insecure)
    {
        Assert.Equal(new Uri(realm), RealmPolicy.Validate(realm, "registry.test", insecure));
    }

    [Theory]
    [InlineData("http://auth.test/token")]
    [InlineData("ftp://auth.test/token")]
    [InlineData("/token")]
    [InlineData("")]
    [InlineData(null)]
    public void Refuses_other_realms_for_secure_registries(string? realm)
    {
        var error = Assert.Throws<RegistryAuthenticationException>(() => RealmPolicy.Validate(realm, "registry.test", insecure: false));

        Assert.Contains("registry.test", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://auth.test/token", "registry.test", true)]
    [InlineData("https://8.8.8.8/token", "registry.test", true)]
    [InlineData("https://10.0.0.5/token", "registry.test", false)]
    [InlineData("https://172.16.1.1/token", "registry.test", false)]
    [InlineData("https://172.32.1.1/token", "registry.test", true)]
    [InlineData("https://192.168.1.1/token", "registry.test", false)]
    [InlineData("https://169.254.169.254/latest", "registry.test", false)]
    [InlineData("https://127.0.0.1:9000/token", "registry.test", false)]
    [InlineData("https://100.64.0.1/token", "registry.test", false)]
    [InlineData("https://[::1]/token", "registry.test", false)]
    [InlineData("https://[fe80::1]/token", "registry.test", false)]
    [InlineData("https://[fd00::1]/token", "registry.test", false)]
    [InlineData("https://[::ffff:10.0.0.1]/token", "registry.test", false)]
    [InlineData("https://[2001:4860::8888]/token", "registry.test", true)]
    [InlineData("https://127.0.0.1:9000/token", "127.0.0.1", true)]
    [InlineData("https://10.0.0.5/token", "10.0.0.5", true)]
    [InlineData("https://[::1]:9000/token", "[::1]", true)]
    public void Sends_credentials_to_internal_addresses_only_on_the_registry_host(string realm, string registryHost, bool allowed)
    {
        Assert.Equal(allowed, RealmPolicy.MaySendCredentials(new Uri(realm), registryHost));
    }

    [Theory]
    [InlineData("0.0.0.0", true)]
    [InlineData("1.1.1.1", false)]
    [InlineData("172.15.0.1", false)]
    [InlineData("172.31.255.255", true)]
    [InlineData("fec0::1", true)]
    public void Classifies_addresses(string address, bool isInternal)
    {
        Assert.Equal(isInternal, RealmPolicy.IsInternal(IPAddress.Parse(address)));
    }
}
