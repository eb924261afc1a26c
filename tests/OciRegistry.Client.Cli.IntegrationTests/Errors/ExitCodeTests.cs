using OciRegistry.Client.Cli.IntegrationTests.Support;
using OciRegistry.Client.TestSupport.Logging;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Errors;

/// <summary>Exit 2 when the image, tag or repository does not exist; exit 1 with one clear line for other failures.</summary>
public sealed class ExitCodeTests(PlainRegistry fixture, ITestOutputHelper output) : IClassFixture<PlainRegistry>, IDisposable
{
    private readonly ProcessLogScope _log = fixture.Registry.CaptureLog(output);
    private readonly Ocireg _ocireg = new(output);

    public void Dispose()
    {
        _ocireg.Dispose();
        _log.Dispose();
    }

    [Fact]
    public async Task A_missing_tag_exits_2_naming_the_image()
    {
        var image = fixture.Registry.DockerReference(fixture.Sample.Repository, "no-such-tag");

        var line = Expect.FailsWithOneLine(await _ocireg.RunAsync("inspect", "--tls-verify=false", image), 2);

        Assert.Contains(fixture.Sample.Repository, line, StringComparison.Ordinal);
        Assert.Contains("MANIFEST_UNKNOWN", line, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_missing_repository_exits_2_for_inspect_and_list_tags()
    {
        var repository = fixture.Registry.NewRepository("never/pushed");

        var inspect = Expect.FailsWithOneLine(
            await _ocireg.RunAsync("inspect", "--tls-verify=false", fixture.Registry.DockerReference(repository, "v1")), 2);
        var listTags = Expect.FailsWithOneLine(
            await _ocireg.RunAsync("list-tags", "--tls-verify=false", $"docker://{fixture.Registry.Host}/{repository}"), 2);

        Assert.Contains(repository, inspect, StringComparison.Ordinal);
        Assert.Contains(repository, listTags, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_tag_in_an_oci_layout_exits_2()
    {
        var layout = fixture.Sample.Layout.LayoutDirectory;

        var inspect = Expect.FailsWithOneLine(await _ocireg.RunAsync("inspect", $"oci:{layout}:no-such-tag"), 2);
        var copy = Expect.FailsWithOneLine(
            await _ocireg.RunAsync("copy", "--dest-tls-verify=false", $"oci:{layout}:no-such-tag",
                fixture.Registry.DockerReference(fixture.Registry.NewRepository("from-layout"), "v1")), 2);

        Assert.Contains("no-such-tag", inspect, StringComparison.Ordinal);
        Assert.Contains("no-such-tag", copy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_image_to_copy_exits_2()
    {
        var source = fixture.Registry.DockerReference(fixture.Sample.Repository, "no-such-tag");
        var destination = fixture.Registry.DockerReference(fixture.Registry.NewRepository("copy-missing"), "v1");

        var line = Expect.FailsWithOneLine(
            await _ocireg.RunAsync("copy", "--src-tls-verify=false", "--dest-tls-verify=false", source, destination), 2);

        Assert.Contains(fixture.Sample.Repository, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("docker://127.0.0.1:5000/UPPER/case:v1")]
    [InlineData("docker://127.0.0.1:5000/app:bad tag")]
    [InlineData("docker://127.0.0.1:5000/app@sha256:abc")]
    [InlineData("nosuchtransport:foo")]
    public async Task A_malformed_reference_exits_1_with_one_line_naming_it(string reference)
    {
        var line = Expect.FailsWithOneLine(await _ocireg.RunAsync("inspect", "--tls-verify=false", reference), 1);

        var named = reference.StartsWith("docker://", StringComparison.Ordinal) ? reference["docker://".Length..] : reference;
        Assert.Contains(named.Split(' ')[0], line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Conflicting_credential_flags_exit_1_with_one_line()
    {
        var image = fixture.Registry.DockerReference(fixture.Sample.Repository, "v1");

        var line = Expect.FailsWithOneLine(
            await _ocireg.RunAsync("inspect", "--tls-verify=false", "--creds", "u:p", "--no-creds", image), 1);

        // skopeo: "creds and no-creds cannot be specified at the same time".
        Assert.Contains("no-creds", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Conflicting_copy_source_credential_flags_exit_1_with_one_line()
    {
        var image = fixture.Registry.DockerReference(fixture.Sample.Repository, "v1");
        var destination = fixture.Registry.DockerReference(fixture.Registry.NewRepository("conflict"), "v1");

        var line = Expect.FailsWithOneLine(
            await _ocireg.RunAsync("copy", "--src-tls-verify=false", "--dest-tls-verify=false",
                "--src-creds", "u:p", "--src-no-creds", image, destination), 1);

        Assert.Contains("no-creds", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Password_and_password_stdin_together_exit_1()
    {
        var line = Expect.FailsWithOneLine(
            await _ocireg.RunAsync(
                ["login", "--tls-verify=false", "--authfile", _ocireg.PathInHome("auth.json"), "-u", "u", "-p", "p", "--password-stdin", fixture.Registry.Host],
                standardInput: "p\n"),
            1);

        Assert.Contains("--password-stdin", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_verb_exits_1()
    {
        var result = await _ocireg.RunAsync("no-such-verb");

        Assert.Equal(1, result.ExitCode);
        Assert.NotEmpty(result.StandardError);
    }
}
