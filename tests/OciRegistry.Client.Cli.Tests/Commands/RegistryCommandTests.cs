using System.Text;
using System.Text.RegularExpressions;
using OciRegistry.Client.Cli.Hosting;
using OciRegistry.Client.TestSupport.Images;
using OciRegistry.Client.TestSupport.Logging;
using OciRegistry.Client.TestSupport.Registry;
using OciRegistry.Client.TestSupport.Tools;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.Tests.Commands;

/// <summary>The verbs run in-process against a real Distribution registry, compared with skopeo on the same images.</summary>
public sealed partial class RegistryCommandTests(RegistryFixture registry, ITestOutputHelper output) : IClassFixture<RegistryFixture>, IDisposable
{
    private readonly ProcessLogScope _log = registry.CaptureLog(output);
    private readonly Skopeo _skopeo = Skopeo.Locate();

    private string[] Access => ["--tls-verify=false"];

    private async Task<PushedImage> PushAsync(string prefix, string tag = "v1")
    {
        var repository = registry.NewRepository(prefix);
        return await TestImages.Locate().PushAsync(registry, repository, tag);
    }

    private async Task<CliOutcome> RunAsync(params string[] args)
    {
        var outcome = await CliRun.RunAsync(args);
        output.WriteLine($"ocireg {string.Join(' ', args)}\n{outcome}");
        return outcome;
    }

    [Fact]
    public async Task Inspect_prints_skopeos_json_plus_layers_data()
    {
        var image = await PushAsync("inspect");
        var reference = registry.DockerReference(image.Repository, image.Tag);

        var ours = await RunAsync(["inspect", .. Access, reference]);
        var theirs = await _skopeo.InspectAsync(reference, registry.GetSkopeoAccess());

        Assert.Equal(ExitCodes.Success, ours.ExitCode);
        Assert.Equal(string.Empty, ours.Error);

        // skopeo 1.9.3 predates LayersData; everything else is byte-equal.
        Assert.Contains("\"LayersData\": [", ours.Out, StringComparison.Ordinal);
        Assert.Equal(theirs, LayersData().Replace(ours.Out, string.Empty));
    }

    [Fact]
    public async Task Inspect_raw_and_config_raw_are_byte_equal_to_skopeo()
    {
        var image = await PushAsync("raw");
        var reference = registry.DockerReference(image.Repository, image.Tag);

        var raw = await RunAsync(["inspect", "--raw", .. Access, reference]);
        var theirs = await _skopeo.InspectRawAsync(reference, registry.GetSkopeoAccess());
        Assert.Equal(Encoding.UTF8.GetString(theirs.Span), raw.Out);
        Assert.Equal(image.ManifestDigest, Digest.Compute(Encoding.UTF8.GetBytes(raw.Out)));

        var config = await RunAsync(["inspect", "--config", "--raw", .. Access, reference]);
        var theirConfig = await _skopeo.RunAsync(["inspect", "--config", "--raw", "--tls-verify=false", reference]);
        Assert.Equal(theirConfig.StandardOutput, config.Out);

        var pretty = await RunAsync(["inspect", "--config", .. Access, reference]);
        var theirPretty = await _skopeo.RunAsync(["inspect", "--config", "--tls-verify=false", reference]);
        Assert.Equal(theirPretty.StandardOutput, pretty.Out);
    }

    [Fact]
    public async Task Inspect_format_renders_a_go_template()
    {
        var image = await PushAsync("format");
        var reference = registry.DockerReference(image.Repository, image.Tag);
        const string Template = "{{.Name}} {{.Digest}} {{.RepoTags}} {{range .Layers}}{{.}} {{end}}{{.Os}}/{{.Architecture}}";

        var ours = await RunAsync(["inspect", "-f", Template, .. Access, reference]);
        var theirs = await _skopeo.RunAsync(["inspect", "-f", Template, "--tls-verify=false", reference]);
        Assert.Equal(theirs.StandardOutput, ours.Out);
    }

    [Fact]
    public async Task Inspect_config_format_reads_the_config_documents_members()
    {
        var image = await PushAsync("configformat");
        var reference = registry.DockerReference(image.Repository, image.Tag);
        const string Template = "{{.Architecture}}/{{.OS}} {{.RootFS.Type}} {{len .RootFS.DiffIDs}} {{.Config.Env}}";

        var ours = await RunAsync(["inspect", "--config", "-f", Template, .. Access, reference]);
        var theirs = await _skopeo.RunAsync(["inspect", "--config", "-f", Template, "--tls-verify=false", reference]);
        Assert.Equal(ExitCodes.Success, ours.ExitCode);
        Assert.Equal(theirs.StandardOutput, ours.Out);
    }

    [Fact]
    public async Task Inspect_no_tags_leaves_repo_tags_empty()
    {
        var image = await PushAsync("notags");
        var ours = await RunAsync(["inspect", "-n", .. Access, registry.DockerReference(image.Repository, image.Tag)]);
        Assert.Contains("\"RepoTags\": [],", ours.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_tag_or_repository_exits_2_with_one_line_naming_the_image_and_the_error_code()
    {
        var image = await PushAsync("missing");

        var tag = await RunAsync(["inspect", .. Access, registry.DockerReference(image.Repository, "nope")]);
        Assert.Equal(ExitCodes.NotFound, tag.ExitCode);
        Assert.Equal(string.Empty, tag.Out);
        Assert.Single(tag.Error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"ocireg: inspecting {registry.DockerReference(image.Repository, "nope")}: ", tag.Error, StringComparison.Ordinal);
        Assert.Contains("MANIFEST_UNKNOWN", tag.Error, StringComparison.Ordinal);

        var repository = await RunAsync(["list-tags", .. Access, $"docker://{registry.Host}/{registry.NewRepository("never")}"]);
        Assert.Equal(ExitCodes.NotFound, repository.ExitCode);
        Assert.Contains("NAME_UNKNOWN", repository.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_tags_equals_skopeos_output()
    {
        var image = await PushAsync("tags");
        await _skopeo.CopyAsync(registry.DockerReference(image.Repository, image.Tag), registry.DockerReference(image.Repository, "v2"), registry.GetSkopeoAccess(), registry.GetSkopeoAccess());
        var repository = $"docker://{registry.Host}/{image.Repository}";

        var ours = await RunAsync(["list-tags", .. Access, repository]);
        var theirs = await _skopeo.RunAsync(["list-tags", "--tls-verify=false", repository]);
        Assert.Equal(ExitCodes.Success, ours.ExitCode);
        Assert.Equal(theirs.StandardOutput, ours.Out);
    }

    [Fact]
    public async Task Copy_to_a_layout_and_back_writes_skopeos_progress_lines_to_stdout_and_the_digest_file()
    {
        var image = await PushAsync("copy");
        var layout = registry.CreateScratchDirectory("layout");
        var digestFile = Path.Combine(registry.CreateScratchDirectory("digest"), "digest");

        var down = await RunAsync(["copy", "--src-tls-verify=false", "--digestfile", digestFile, registry.DockerReference(image.Repository, image.Tag), $"oci:{layout}:copied"]);
        Assert.Equal(ExitCodes.Success, down.ExitCode);
        Assert.Equal(string.Empty, down.Error);
        Assert.Contains("Copying blob ", down.Out, StringComparison.Ordinal);
        Assert.Contains("Writing manifest to image destination", down.Out, StringComparison.Ordinal);
        Assert.Equal(image.ManifestDigest.ToString(), await File.ReadAllTextAsync(digestFile));

        var back = registry.NewRepository("copyback");
        var up = await RunAsync(["copy", "-q", "--dest-tls-verify", "false", $"oci:{layout}:copied", registry.DockerReference(back, "again")]);
        Assert.Equal(ExitCodes.Success, up.ExitCode);
        Assert.Equal(string.Empty, up.Out + up.Error);
        var raw = await _skopeo.InspectRawAsync(registry.DockerReference(back, "again"), registry.GetSkopeoAccess());
        Assert.Equal(image.ManifestDigest, Digest.Compute(raw.Span));
    }

    [Fact]
    public async Task Copy_of_a_tag_missing_from_a_layout_exits_2()
    {
        var image = await PushAsync("layoutmissing");
        var layout = registry.CreateScratchDirectory("layout");
        Assert.Equal(ExitCodes.Success, (await RunAsync(["copy", "-q", "--src-tls-verify=false", registry.DockerReference(image.Repository, image.Tag), $"oci:{layout}:present"])).ExitCode);

        var missing = await RunAsync(["copy", "-q", $"oci:{layout}:absent", $"dir:{registry.CreateScratchDirectory("dir")}"]);
        Assert.Equal(ExitCodes.NotFound, missing.ExitCode);
        Assert.Contains("absent", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_by_tag_resolves_the_digest_then_the_image_is_gone()
    {
        var image = await PushAsync("delete");
        var reference = registry.DockerReference(image.Repository, image.Tag);

        var deleted = await RunAsync(["delete", .. Access, reference]);
        Assert.Equal(ExitCodes.Success, deleted.ExitCode);
        Assert.Equal(string.Empty, deleted.Out + deleted.Error);

        var after = await RunAsync(["inspect", .. Access, registry.DockerReference(image.Repository, image.ManifestDigest.ToString())]);
        Assert.Equal(ExitCodes.NotFound, after.ExitCode);
    }

    [Fact]
    public async Task Manifest_digest_equals_skopeos()
    {
        var image = await PushAsync("digest");
        var file = Path.Combine(registry.CreateScratchDirectory("manifest"), "manifest.json");
        await File.WriteAllBytesAsync(file, (await _skopeo.InspectRawAsync(registry.DockerReference(image.Repository, image.Tag), registry.GetSkopeoAccess())).ToArray());

        var ours = await RunAsync("manifest-digest", file);
        var theirs = await _skopeo.RunAsync(["manifest-digest", file]);
        Assert.Equal(theirs.StandardOutput, ours.Out);
    }

    [Theory]
    [InlineData("creds and no-creds cannot be specified at the same time", "inspect", "--creds", "a:b", "--no-creds", "docker://127.0.0.1:1/x")]
    [InlineData("Cannot use --all and --multi-arch flags together", "copy", "--all", "--multi-arch", "system", "oci:/a", "oci:/b")]
    [InlineData("Invalid image name \"nginx\", expected colon-separated transport:reference", "inspect", "nginx")]
    [InlineData("invalid argument \"yes\" for \"--tls-verify\" flag: strconv.ParseBool: parsing \"yes\": invalid syntax", "inspect", "--tls-verify=yes", "docker://x")]
    public async Task Bad_command_lines_exit_1_with_one_line(string message, params string[] args)
    {
        var outcome = await RunAsync(args);
        Assert.Equal(ExitCodes.Failure, outcome.ExitCode);
        Assert.Equal($"ocireg: {message}\n", outcome.Error.ReplaceLineEndings("\n"));
        Assert.Equal(string.Empty, outcome.Out);
    }

    public void Dispose() => _log.Dispose();

    [GeneratedRegex("    \"LayersData\": \\[\n(        .*\n|            .*\n)*    \\],\n")]
    private static partial Regex LayersData();
}
