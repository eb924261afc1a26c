using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OciRegistry.Client.Hosting.Tests.Support;
using OciRegistry.Client.Trust;

namespace OciRegistry.Client.Hosting.Tests.Configuration;

public sealed class TrustBindingTests
{
    [Fact]
    public void The_trust_section_binds_the_policy_options_and_registers_the_gate()
    {
        var configuration = TestConfiguration.From(
            ("OciRegistry:Trust:PolicyPath", "/etc/ocireg/policy.json"),
            ("OciRegistry:Trust:RegistriesDirectory", "/etc/ocireg/registries.d"),
            ("OciRegistry:Trust:MaxSignatureSize", "65536"),
            ("OciRegistry:Trust:SignatureDownloadTimeout", "00:00:07"),
            ("OciRegistry:Trust:SigstoreSignatureStorage", "referrer"));
        var services = new ServiceCollection();
        services.AddLogging();

        services.AddOciRegistryClient(configuration.GetSection("OciRegistry")).AddCopyEngine().AddTrustPolicy();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<TrustPolicyOptions>>().Value;
        Assert.Equal("/etc/ocireg/policy.json", options.PolicyPath);
        Assert.Equal("/etc/ocireg/registries.d", options.RegistriesDirectory);
        Assert.Equal(65536, options.MaxSignatureSize);
        Assert.Equal(TimeSpan.FromSeconds(7), options.SignatureDownloadTimeout);
        Assert.Equal(Trust.Sigstore.SigstoreSignatureStorage.Referrer, options.SigstoreSignatureStorage);
        Assert.Same(provider.GetRequiredService<ImageTrustPolicy>(), provider.GetRequiredService<IImageTrustGate>());
    }

    [Fact]
    public void An_unknown_sigstore_signature_storage_is_a_problem_naming_the_choices()
    {
        var configuration = TestConfiguration.From(("OciRegistry:Trust:SigstoreSignatureStorage", "lookaside"));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOciRegistryClient(configuration.GetSection("OciRegistry")).AddTrustPolicy();
        using var provider = services.BuildServiceProvider();

        var failure = Assert.ThrowsAny<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TrustPolicyOptions>>().Value);

        Assert.Contains("OciRegistry:Trust:SigstoreSignatureStorage", failure.Message, StringComparison.Ordinal);
        Assert.Contains("AttachmentTag, Referrer", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_trust_key_is_a_problem_naming_it()
    {
        var configuration = TestConfiguration.From(("OciRegistry:Trust:PolicyFile", "/x"));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOciRegistryClient(configuration.GetSection("OciRegistry")).AddTrustPolicy();
        using var provider = services.BuildServiceProvider();

        var failure = Assert.ThrowsAny<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TrustPolicyOptions>>().Value);

        Assert.Contains("OciRegistry:Trust:PolicyFile", failure.Message, StringComparison.Ordinal);
    }
}
