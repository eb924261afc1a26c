using System.Net;
using System.Net.Http;
using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Sync;

namespace OciRegistry.Client.Cli.Tests.Hosting;

public sealed class CliErrorsTests
{
    public static TheoryData<Exception, int> Failures => new()
    {
        { new ManifestNotFoundException("Manifest latest in r/x was not found"), ExitCodes.NotFound },
        { new RepositoryNotFoundException("Repository r/x was not found"), ExitCodes.NotFound },
        { new NotFoundException("gone"), ExitCodes.NotFound },
        { new ImageNotFoundException("no such archive"), ExitCodes.NotFound },
        { new AggregateException(new ManifestNotFoundException("m")), ExitCodes.NotFound },
        { new BlobNotFoundException("blob gone"), ExitCodes.Failure },
        { new RegistryAuthenticationException("denied"), ExitCodes.Failure },
        { new DigestMismatchException("bad bytes"), ExitCodes.Failure },
        { new ImageCopyException("cannot convert"), ExitCodes.Failure },
        { new HttpRequestException("connection refused"), ExitCodes.Failure },
        { new InvalidOperationException("bug"), ExitCodes.Failure },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Exit_code_is_2_only_for_missing_images(Exception exception, int expected) =>
        Assert.Equal(expected, CliErrors.ExitCodeFor(exception));

    [Fact]
    public void The_line_names_the_context_the_message_and_the_registry_error_code()
    {
        var details = new RegistryErrorDetails(RegistryOperation.FetchManifest, "r/x", HttpStatusCode.NotFound, [new RegistryError(RegistryErrorCode.ManifestUnknown, "manifest unknown")]);
        var line = CliErrors.Describe("inspecting docker://r/x:latest", new ManifestNotFoundException("Manifest latest in r/x was not found.", details));
        Assert.Equal("inspecting docker://r/x:latest: Manifest latest in r/x was not found (MANIFEST_UNKNOWN)", line);
    }

    [Fact]
    public void The_line_is_one_line_and_adds_network_causes()
    {
        var error = new HttpRequestException("Registry r could not be reached.\nRetry later.", new IOException("Connection refused"));
        var line = CliErrors.Describe("copying", error);
        Assert.DoesNotContain('\n', line);
        Assert.Equal("copying: Registry r could not be reached. Retry later: Connection refused", line);
    }

    [Fact]
    public void The_sdk_tls_hint_becomes_the_flags_to_use()
    {
        var error = new HttpRequestException(
            HttpRequestError.SecureConnectionError,
            "Registry r:5000 could not be reached at https://r:5000/v2/: The SSL connection could not be established, see inner exception. "
            + "If it serves plain HTTP or a certificate not trusted here, mark it Insecure, or give the directory of its CA certificate as CertificateDirectory.",
            new System.Security.Authentication.AuthenticationException("The remote certificate is invalid: UntrustedRoot"));

        var line = CliErrors.Describe("inspecting docker://r:5000/x:1", error);

        Assert.Equal(
            "inspecting docker://r:5000/x:1: Registry r:5000 could not be reached at https://r:5000/v2/: The SSL connection could not be established, "
            + "see inner exception: The remote certificate is invalid: UntrustedRoot; if it serves plain HTTP or a certificate not trusted here, "
            + "use --tls-verify=false or --cert-dir DIR (--src-/--dest- forms on copy and sync)",
            line);
    }

    // The copy engine's refusals of a Docker schema 1 source, worded as the engine words them.
    private const string Schema1WithoutFormat =
        "The image r/x:1 (sha256:abc) is a Docker schema 1 image (application/vnd.docker.distribution.manifest.v1+prettyjws), which is "
        + "read only: it is not written as it is. Ask for a format (CopyOptions.Format: DockerV2S2 or Oci) to convert it while copying.";

    private const string Schema1WithPreservedDigests =
        "The image r/x:1 (sha256:abc) is a Docker schema 1 image (application/vnd.docker.distribution.manifest.v1+prettyjws); converting "
        + "it to Oci changes its digest, and digests are to be preserved. Do not ask to preserve digests (CopyOptions.PreserveDigests) to convert it.";

    [Fact]
    public void A_refused_copy_names_the_flags_instead_of_the_copy_options()
    {
        var line = CliErrors.Describe("copying docker://r/x:1", new ImageCopyException(Schema1WithoutFormat));

        Assert.EndsWith("Ask for a format (--format v2s2 or oci) to convert it while copying", line, StringComparison.Ordinal);
        Assert.DoesNotContain("CopyOptions", line, StringComparison.Ordinal);

        var preserved = CliErrors.Describe("copying docker://r/x:1", new ImageCopyException(Schema1WithPreservedDigests));

        Assert.EndsWith("Do not ask to preserve digests (--preserve-digests) to convert it", preserved, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sync_failure_wrapping_a_refused_copy_names_the_flags_once()
    {
        var refusal = new ImageCopyException(Schema1WithoutFormat);
        var error = new SyncException($"Error copying ref docker://r/x:1: {refusal.Message}", refusal);

        var line = CliErrors.Describe(null, error);

        Assert.Contains("(--format v2s2 or oci)", line, StringComparison.Ordinal);
        Assert.DoesNotContain("CopyOptions", line, StringComparison.Ordinal);
        Assert.Equal(1, line.Split("Ask for a format").Length - 1);
        Assert.Contains("--preserve-digests", CliErrors.MessageOf(new ImageCopyException(Schema1WithPreservedDigests)), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_a_refused_copy_has_its_option_names_rewritten()
    {
        var line = CliErrors.Describe(null, new InvalidOperationException("CopyOptions.Format is not a ManifestFormat"));

        Assert.Equal("CopyOptions.Format is not a ManifestFormat", line);
    }
}
