using System.CommandLine;
using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.Cli.Options;
using OciRegistry.Client.Copy;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Cli.Tests.Options;

public sealed class CopyFlagsTests
{
    private static CopyRequest Read(params string[] args)
    {
        var context = new CliContext(new CliConsole(TextWriter.Null, TextWriter.Null, TextReader.Null), new GlobalOptions());
        var flags = new CopyFlags();
        var root = new RootCommand();
        context.Globals.AddTo(root);
        var command = new Command("copy") { new Argument<string>("SRC"), new Argument<string>("DEST") };
        flags.AddTo(command);
        root.Add(command);
        var result = root.Parse(["copy", .. args, "oci:/a", "oci:/b"]);
        Assert.Empty(result.Errors);
        return flags.Read(result, context);
    }

    [Fact]
    public void All_and_multi_arch_together_fail_as_in_skopeo()
    {
        var error = Assert.Throws<CliUsageException>(() => Read("--all", "--multi-arch", "all"));
        Assert.Equal("Cannot use --all and --multi-arch flags together", error.Message);
    }

    [Theory]
    [InlineData("system", MultiArchMode.System)]
    [InlineData("all", MultiArchMode.All)]
    [InlineData("index-only", MultiArchMode.IndexOnly)]
    public void Multi_arch_values_map_to_the_engine(string value, MultiArchMode expected) =>
        Assert.Equal(expected, Read("--multi-arch", value).Options.MultiArch);

    [Fact]
    public void An_unknown_multi_arch_value_is_refused() =>
        Assert.Equal(
            "unknown multi-arch option \"some\". Choose one of the supported options: 'system', 'all', or 'index-only'",
            Assert.Throws<CliUsageException>(() => Read("--multi-arch", "some")).Message);

    [Fact]
    public void All_short_flag_copies_every_instance() => Assert.Equal(MultiArchMode.All, Read("-a").Options.MultiArch);

    [Theory]
    [InlineData("oci", ManifestFormat.Oci)]
    [InlineData("v2s2", ManifestFormat.DockerV2S2)]
    public void Format_maps_to_the_engine(string value, ManifestFormat expected)
    {
        Assert.Equal(expected, Read("--format", value).Options.Format);
        Assert.Equal(expected, Read("-f", value).Options.Format);
    }

    [Fact]
    public void Schema_1_and_unknown_formats_are_refused()
    {
        Assert.Contains("not supported", Assert.Throws<CliUsageException>(() => Read("--format", "v2s1")).Message, StringComparison.Ordinal);
        Assert.StartsWith("unknown format \"xml\"", Assert.Throws<CliUsageException>(() => Read("--format", "xml")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Platforms_select_a_subset_of_all_instances()
    {
        var request = Read("--platform", "linux/amd64,linux/arm64/v8", "--platform", "linux/arm/v7");
        Assert.Equal(MultiArchMode.All, request.Options.MultiArch);
        Assert.Equal(
            ["linux/amd64", "linux/arm64/v8", "linux/arm/v7"],
            request.Options.Platforms.Select(p => $"{p.OS}/{p.Architecture}{(p.Variant is null ? string.Empty : "/" + p.Variant)}"));
    }

    [Theory]
    [InlineData("linux")]
    [InlineData("linux/amd64/v1/x")]
    [InlineData("")]
    public void Malformed_platforms_are_refused(string value) =>
        Assert.StartsWith("invalid platform", Assert.Throws<CliUsageException>(() => Read("--platform", value)).Message, StringComparison.Ordinal);

    [Fact]
    public void Platform_with_multi_arch_system_is_refused() =>
        Assert.Throws<CliUsageException>(() => Read("--platform", "linux/amd64", "--multi-arch", "system"));

    [Fact]
    public void Retry_and_parallelism_flags_reach_the_engine()
    {
        var request = Read("--retry-times", "5", "--retry-delay", "1m30s", "--image-parallel-copies", "3", "--preserve-digests", "-q", "--digestfile", "/tmp/d");
        Assert.Equal(5, request.Options.RetryTimes);
        Assert.Equal(TimeSpan.FromSeconds(90), request.Options.RetryDelay);
        Assert.Equal(3, request.Options.MaxConcurrentBlobs);
        Assert.True(request.Options.PreserveDigests);
        Assert.True(request.Quiet);
        Assert.Equal("/tmp/d", request.DigestFile);
        Assert.Equal(5, request.RetryTimes);
    }

    [Fact]
    public void Override_flags_choose_the_system_platform()
    {
        var request = Read("--override-os", "linux", "--override-arch", "arm64", "--override-variant", "v8");
        Assert.Equal(new Platform { OS = "linux", Architecture = "arm64", Variant = "v8" }, request.Options.SystemPlatform);
    }

    [Fact]
    public void Global_flags_are_accepted_before_the_verb()
    {
        var context = new CliContext(new CliConsole(TextWriter.Null, TextWriter.Null, TextReader.Null), new GlobalOptions());
        var root = new RootCommand();
        context.Globals.AddTo(root);
        root.Add(new Command("copy") { new Argument<string>("SRC") });
        var result = root.Parse(["--insecure-policy", "--debug", "--override-arch", "arm64", "copy", "oci:/a"]);
        Assert.Empty(result.Errors);
        Assert.True(context.Debug(result));
        Assert.Equal("arm64", context.Globals.SystemPlatform(result).Architecture);
    }

    [Theory]
    [InlineData("1s", 1_000)]
    [InlineData("300ms", 300)]
    [InlineData("1.5s", 1_500)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("0", 0)]
    public void Go_durations_parse(string text, long milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("s")]
    [InlineData("1x")]
    [InlineData("")]
    public void Malformed_durations_are_refused(string text) => Assert.False(GoDuration.TryParse(text, out _));
}
