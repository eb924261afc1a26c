namespace OciRegistry.Client.Http.Tests.DependencyInjection;

public sealed class TlsVerifyTests
{
    [Fact]
    public void Tls_verify_false_allows_plain_http_and_skips_verification_as_containers_image_does()
    {
        var host = new RegistryHostOptions();

        host.SetTlsVerify(false);

        Assert.True(host.Insecure);
        Assert.True(host.SkipTlsVerify);
    }

    [Fact]
    public void Tls_verify_true_requires_https_with_verification_over_earlier_settings()
    {
        var host = new RegistryHostOptions { Insecure = true, SkipTlsVerify = true };

        host.SetTlsVerify(true);

        Assert.False(host.Insecure);
        Assert.False(host.SkipTlsVerify);
    }
}
