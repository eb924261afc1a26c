using OciRegistry.Client.Cli.IntegrationTests.Support;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Errors;

/// <summary>A command line that cannot run says so once, naming the flag or argument and the form expected, in the command line's words.</summary>
public sealed class UsageErrorTests(ITestOutputHelper output) : IDisposable
{
    private readonly Ocireg _ocireg = new(output);

    public void Dispose() => _ocireg.Dispose();

    [Theory]
    [InlineData("copy", "--retry-times", "dir:a", "dir:b")]
    [InlineData("inspect", "--retry-times", "dir:a")]
    [InlineData("sync", "--parallel", "a", "b")]
    public async Task A_number_flag_given_a_word_names_the_flag_and_the_form_without_type_names(string verb, string flag, params string[] arguments)
    {
        var result = await _ocireg.RunAsync([verb, flag, "abc", .. arguments]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            [$"ocireg: invalid argument \"abc\" for \"{flag}\" flag: expected an integer, for example {flag} 3", $"See 'ocireg {verb} --help'."],
            result.ErrorLines);
        Assert.DoesNotContain("System.", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("copy")]
    public async Task A_verb_without_its_arguments_says_so_once(string verb)
    {
        var result = await _ocireg.RunAsync(verb);

        Assert.Equal(1, result.ExitCode);
        var problems = result.ErrorLines.Where(l => !l.StartsWith("See ", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(problems);
        Assert.Contains("missing", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5s")]
    [InlineData("0s")]
    public async Task A_command_timeout_that_is_not_positive_is_refused(string timeout)
    {
        var manifest = _ocireg.PathInHome("manifest");
        await File.WriteAllTextAsync(manifest, """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[]}""");

        var line = Expect.FailsWithOneLine(await _ocireg.RunAsync("--command-timeout", timeout, "manifest-digest", manifest), 1);

        Assert.Contains($"invalid argument \"{timeout}\" for \"--command-timeout\" flag", line, StringComparison.Ordinal);
        Assert.Contains("greater than zero", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_positive_command_timeout_is_accepted()
    {
        var manifest = _ocireg.PathInHome("manifest");
        await File.WriteAllTextAsync(manifest, """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[]}""");

        var result = await _ocireg.SucceedAsync("--command-timeout", "1m", "manifest-digest", manifest);

        Assert.StartsWith("sha256:", result.StandardOutput, StringComparison.Ordinal);
    }
}
