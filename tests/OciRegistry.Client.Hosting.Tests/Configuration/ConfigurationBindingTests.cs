using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OciRegistry.Client.Auth;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Hosting.Tests.Support;
using OciRegistry.Client.Http;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Hosting.Tests.Configuration;

public sealed class ConfigurationBindingTests : IDisposable
{
    private readonly string _certificates = Directory.CreateTempSubdirectory("ocireg-certs").FullName;

    [Fact]
    public void The_documented_shape_binds_every_section()
    {
        var configuration = TestConfiguration.From(
            ("OciRegistry:UserAgent", "mirror/1.0"),
            ("OciRegistry:RequestTimeout", "00:00:20"),
            ("OciRegistry:Resilience:MaxRetries", "4"),
            ("OciRegistry:Resilience:BaseDelay", "00:00:00.250"),
            ("OciRegistry:Resilience:MaxDelay", "00:00:10"),
            ("OciRegistry:Registries:myhost:5000:Insecure", "true"),
            ("OciRegistry:Registries:myhost:5000:Resilience:MaxRetries", "9"),
            ("OciRegistry:Timeouts:IdleRead", "00:00:45"),
            ("OciRegistry:Registries:myhost:5000:Timeouts:ResponseHeaders", "00:00:05"),
            ("OciRegistry:Registries:myhost:5000:Mirrors:0", "mirror.example:5001/cache"),
            ("OciRegistry:Registries:myhost:5000:Mirrors:1", "mirror2.example"),
            ("OciRegistry:Registries:secure.example:SkipTlsVerify", "true"),
            ("OciRegistry:Registries:secure.example:CertDirectory", _certificates),
            ("OciRegistry:Registries:v6:Host", "[::1]:5000"),
            ("OciRegistry:Registries:v6:Insecure", "true"),
            ("OciRegistry:Credentials:myhost:5000:Username", "robot"),
            ("OciRegistry:Credentials:myhost:5000:Password", "s3cret"),
            ("OciRegistry:Credentials:ghcr.io:IdentityToken", "refresh-token"),
            ("OciRegistry:Authentication:UseAuthFiles", "false"),
            ("OciRegistry:Copy:MaxConcurrentBlobs", "2"),
            ("OciRegistry:Copy:RetryTimes", "7"),
            ("OciRegistry:Copy:MultiArch", "all"),
            ("OciRegistry:Copy:Platforms:0", "linux/amd64"),
            ("OciRegistry:Copy:Platforms:1", "linux/arm64/v8"),
            ("OciRegistry:Copy:LayerCompression", "compress"),
            ("OciRegistry:Copy:CompressionAlgorithm", "zstd"),
            ("OciRegistry:Copy:CompressionLevel", "19"));
        var services = new ServiceCollection();
        services.AddOciRegistryClient(configuration.GetSection("OciRegistry")).AddCopyEngine();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        var client = provider.GetRequiredService<IOptions<OciRegistryClientOptions>>().Value;
        Assert.Equal("mirror/1.0", client.UserAgent);
        Assert.Equal(TimeSpan.FromSeconds(20), client.RequestTimeout);
        Assert.Equal(4, client.Retry.MaxRetries);
        var myhost = client.Registries["myhost:5000"];
        Assert.True(myhost.Insecure);
        Assert.Equal(9, myhost.Retry!.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(45), client.Timeouts.IdleRead);
        Assert.Equal(TimeSpan.FromSeconds(30), client.Timeouts.ResponseHeaders);
        Assert.Equal(TimeSpan.FromSeconds(5), myhost.Timeouts!.ResponseHeaders);
        Assert.Equal(TimeSpan.FromSeconds(45), myhost.Timeouts.IdleRead); // not given for the registry: the top-level value
        Assert.Equal(TimeSpan.FromMilliseconds(250), myhost.Retry.BaseDelay); // not given for the registry: the top-level value
        Assert.Equal(TimeSpan.FromSeconds(10), myhost.Retry.MaxDelay);
        Assert.Equal(["mirror.example:5001/cache", "mirror2.example"], myhost.Mirrors);
        var secure = client.Registries["secure.example"];
        Assert.True(secure.SkipTlsVerify);
        Assert.False(secure.Insecure);
        Assert.Equal(_certificates, secure.CertificateDirectory);
        Assert.Null(secure.Retry);
        Assert.Null(secure.Timeouts);
        Assert.True(client.Registries["[::1]:5000"].Insecure);
        Assert.Equal(3, client.Registries.Count);

        var auth = provider.GetRequiredService<IOptions<RegistryAuthenticationOptions>>().Value;
        Assert.Equal("robot", auth.Credentials["myhost:5000"].Username);
        Assert.Equal("s3cret", auth.Credentials["myhost:5000"].Password);
        Assert.Equal("refresh-token", auth.Credentials["ghcr.io"].IdentityToken);
        Assert.False(auth.UseAuthFiles);

        var copy = provider.GetRequiredService<IOptions<CopyOptions>>().Value;
        Assert.Equal(2, copy.MaxConcurrentBlobs);
        Assert.Equal(7, copy.RetryTimes);
        Assert.Equal(MultiArchMode.All, copy.MultiArch);
        Assert.Equal([Platform.Parse("linux/amd64"), Platform.Parse("linux/arm64/v8")], copy.Platforms);
        Assert.Equal(LayerCompression.Compress, copy.LayerCompression);
        Assert.Equal(CompressionAlgorithm.Zstd, copy.CompressionAlgorithm);
        Assert.Equal(19, copy.CompressionLevel);
    }

    [Fact]
    public async Task A_host_with_bad_settings_fails_to_start_naming_each_bad_key_and_never_a_secret()
    {
        using var host = BuildHost(
            ("OciRegistry:Registries:myhost:5000:CertDirectory", "/x/does-not-exist"),
            ("OciRegistry:Registries:myhost:5000:Insekure", "true"),
            ("OciRegistry:Registries:myhost:5000:Mirrors:0", "not a host"),
            ("OciRegistry:Resilience:MaxRetries", "-1"),
            ("OciRegistry:Resilience:BaseDelay", "soon"),
            ("OciRegistry:Credentials:ghcr.io:Password", "hunter2-secret"),
            ("OciRegistry:Copy:MaxConcurrentBlobs", "0"),
            ("OciRegistry:Copy:MultiArch", "some"));

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        var messages = TestConfiguration.FailureMessages(failure);
        Assert.Contains("OciRegistry:Registries:myhost:5000:CertDirectory: directory /x/does-not-exist does not exist.", messages, StringComparison.Ordinal);
        Assert.Contains("OciRegistry:Registries:myhost:5000:Insekure: is not a setting here", messages, StringComparison.Ordinal);
        Assert.Contains("OciRegistry:Registries:myhost:5000:Mirrors:0: \"not a host\" is not a mirror location", messages, StringComparison.Ordinal);
        Assert.Contains("OciRegistry:Resilience:MaxRetries: must be from 0 to 100, not -1.", messages, StringComparison.Ordinal);
        Assert.Contains("OciRegistry:Resilience:BaseDelay: \"soon\" is not a duration", messages, StringComparison.Ordinal);
        Assert.Contains("OciRegistry:Credentials:ghcr.io: give Username and Password", messages, StringComparison.Ordinal);
        Assert.Contains("OciRegistry:Copy:MaxConcurrentBlobs: must be from 1 to 256, not 0.", messages, StringComparison.Ordinal);
        Assert.Contains("OciRegistry:Copy:MultiArch: \"some\" is not one of System, All, IndexOnly.", messages, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_with_good_settings_starts()
    {
        using var host = BuildHost(("OciRegistry:Registries:myhost:5000:Insecure", "true"), ("OciRegistry:Copy:RetryTimes", "1"));

        await host.StartAsync();
        await host.StopAsync();

        Assert.Equal(1, host.Services.GetRequiredService<IOptions<CopyOptions>>().Value.RetryTimes);
    }

    [Fact]
    public void Settings_in_code_and_in_configuration_combine_and_configuration_wins_where_both_speak()
    {
        var services = new ServiceCollection();
        services.AddOciRegistryClient(o =>
        {
            o.UserAgent = "from-code";
            o.ChunkSize = 1024;
        }).Bind(TestConfiguration.From(("OciRegistry:UserAgent", "from-config")).GetSection("OciRegistry"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<OciRegistryClientOptions>>().Value;
        Assert.Equal("from-config", options.UserAgent);
        Assert.Equal(1024, options.ChunkSize);
    }

    public void Dispose() => Directory.Delete(_certificates, recursive: true);

    private static IHost BuildHost(params (string Key, string? Value)[] values)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)));
        builder.Services.AddOciRegistryClient(builder.Configuration.GetSection("OciRegistry")).AddCopyEngine();
        return builder.Build();
    }
}
