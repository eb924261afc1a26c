using OciRegistry.Client.TestSupport.Tools;

namespace OciRegistry.Client.TestSupport.Tests.Tools;

public sealed class ExternalToolTests
{
    private readonly ExternalTool _shell = ExternalTool.Locate("sh", "OCIREG_TEST_SH_BIN", "dash");

    [Fact]
    public async Task A_zero_exit_returns_stdout_bytes_and_stderr()
    {
        var result = await _shell.RunAsync(["-c", "printf 'out'; printf 'err' >&2"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("out", result.StandardOutput);
        Assert.Equal("err", result.StandardError);
    }

    [Fact]
    public async Task A_non_zero_exit_throws_with_both_streams_and_hides_credentials()
    {
        var error = await Assert.ThrowsAsync<ExternalToolException>(
            () => _shell.RunAsync(["-c", "echo to-stdout; echo to-stderr >&2; exit 3", "--creds", "user:hunter2"]));

        Assert.Contains("exited with 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("to-stdout", error.Message, StringComparison.Ordinal);
        Assert.Contains("to-stderr", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Result?.ExitCode);
    }

    [Fact]
    public async Task A_tool_past_its_timeout_is_killed_and_throws()
    {
        var error = await Assert.ThrowsAsync<ExternalToolException>(
            () => _shell.RunAsync(["-c", "echo started; exec sleep 30"], TimeSpan.FromMilliseconds(300)));

        Assert.Contains("did not finish", error.Message, StringComparison.Ordinal);
        Assert.Contains("started", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_tool_fails_naming_the_Debian_package_and_the_override_variable()
    {
        var error = Assert.Throws<MissingToolException>(
            () => ExternalTool.Locate("ocireg-no-such-tool", "OCIREG_NO_SUCH_TOOL_BIN", "ocireg-no-such-package"));

        Assert.Contains("'ocireg-no-such-package'", error.Message, StringComparison.Ordinal);
        Assert.Contains("OCIREG_NO_SUCH_TOOL_BIN", error.Message, StringComparison.Ordinal);
    }
}
