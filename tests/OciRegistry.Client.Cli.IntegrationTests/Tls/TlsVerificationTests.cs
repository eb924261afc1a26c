using System.Text.RegularExpressions;
using OciRegistry.Client.Cli.IntegrationTests.Support;
using OciRegistry.Client.TestSupport.Certificates;
using OciRegistry.Client.TestSupport.Logging;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Tls;

/// <summary>An HTTPS registry whose CA only <c>--cert-dir</c> names: trusted with it, refused without it or with
/// another CA, reachable with <c>--tls-verify=false</c>.</summary>
public sealed partial class TlsVerificationTests(TlsRegistry fixture, ITestOutputHelper output) : IClassFixture<TlsRegistry>, IDisposable
{
    private readonly ProcessLogScope _log = fixture.Registry.CaptureLog(output);
    private readonly Ocireg _ocireg = new(output);

    private string Image => fixture.Registry.DockerReference(fixture.Sample.Repository, "v1");

    private string Creds => $"{CliRegistry.Alice.Name}:{CliRegistry.Alice.Password}";

    public void Dispose()
    {
        _ocireg.Dispose();
        _log.Dispose();
    }

    [Fact]
    public async Task The_cert_dir_makes_the_registry_trusted()
    {
        var result = await _ocireg.SucceedAsync("inspect", "--raw", "--cert-dir", fixture.Registry.CaCertificateDirectory!, "--creds", Creds, Image);

        Assert.Equal(fixture.Sample.ManifestDigest, Digest.Compute(result.StandardOutputBytes));
    }

    [Fact]
    public async Task Without_the_cert_dir_the_server_certificate_is_refused_with_one_line()
    {
        var line = Expect.FailsWithOneLine(await _ocireg.RunAsync("inspect", "--creds", Creds, Image), 1);

        Assert.Matches(CertificateError(), line);
        Assert.Contains(fixture.Registry.Host, line, StringComparison.Ordinal);
        Assert.Contains("use --tls-verify=false or --cert-dir DIR", line, StringComparison.Ordinal);
        Assert.DoesNotContain("CertificateDirectory", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cert_dir_with_another_ca_is_refused_with_one_line()
    {
        var directory = _ocireg.PathInHome("other-ca");
        Directory.CreateDirectory(directory);
        using (var other = TestCertificateAuthority.Create("another test CA"))
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "ca.crt"), other.CertificatePem);
        }

        var line = Expect.FailsWithOneLine(await _ocireg.RunAsync("inspect", "--cert-dir", directory, "--creds", Creds, Image), 1);

        Assert.Matches(CertificateError(), line);
    }

    [Fact]
    public async Task Tls_verify_false_reaches_the_registry_without_its_ca()
    {
        var result = await _ocireg.SucceedAsync("inspect", "--raw", "--tls-verify=false", "--creds", Creds, Image);

        Assert.Equal(fixture.Sample.ManifestDigest, Digest.Compute(result.StandardOutputBytes));
    }

    [Fact]
    public async Task Copy_from_a_plain_layout_to_the_tls_registry_with_dest_cert_dir()
    {
        var destination = fixture.Registry.DockerReference(fixture.Registry.NewRepository("tls/copy"), "v1");

        await _ocireg.SucceedAsync(
            "copy", "--quiet", "--dest-cert-dir", fixture.Registry.CaCertificateDirectory!, "--dest-creds", Creds,
            fixture.Sample.Layout.SkopeoReference, destination);

        var digest = await _ocireg.SucceedAsync(
            "inspect", "--format", "{{.Digest}}", "--cert-dir", fixture.Registry.CaCertificateDirectory!, "--creds", Creds, destination);
        Assert.Equal(fixture.Sample.ManifestDigest.ToString(), digest.StandardOutput.Trim());
    }

    [GeneratedRegex("certificate|x509|tls|ssl", RegexOptions.IgnoreCase)]
    private static partial Regex CertificateError();
}
