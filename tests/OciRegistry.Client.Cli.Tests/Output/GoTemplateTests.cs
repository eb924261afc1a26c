using OciRegistry.Client.Cli.Output;

namespace OciRegistry.Client.Cli.Tests.Output;

public sealed class GoTemplateTests
{
    private static readonly GoStruct Data = new GoStruct()
        .Add("Name", "127.0.0.1:5000/team/app")
        .Add("RepoTags", new List<object?> { "v1", "v2" })
        .Add("Created", GoTime.TryParse("2026-11-26T19:11:21.425852746Z"))
        .Add("Labels", new SortedDictionary<string, string>(StringComparer.Ordinal) { ["b"] = "2", ["a"] = "1" })
        .Add("Env", GoNull.List)
        .Add("Size", 164L)
        .Add("LayersData", new List<object?> { new GoStruct().Add("Digest", "sha256:aa").Add("Size", 10L) });

    private static string Run(string template) => GoTemplate.Parse(template).Execute(Data);

    [Theory]
    [InlineData("{{.Name}}", "127.0.0.1:5000/team/app")]
    [InlineData("name={{ .Name }}!", "name=127.0.0.1:5000/team/app!")]
    [InlineData("{{.RepoTags}}", "[v1 v2]")]
    [InlineData("{{.Labels}}", "map[a:1 b:2]")]
    [InlineData("{{.Labels.b}}", "2")]
    [InlineData("{{index .Labels \"a\"}}", "1")]
    [InlineData("{{.Env}}", "[]")]
    [InlineData("{{.Size}}", "164")]
    [InlineData("{{.Created}}", "2026-11-26 19:11:21.425852746 +0000 UTC")]
    [InlineData("{{json .RepoTags}}", "[\"v1\",\"v2\"]")]
    [InlineData("{{json .Labels}}", "{\"a\":\"1\",\"b\":\"2\"}")]
    [InlineData("{{.RepoTags | json}}", "[\"v1\",\"v2\"]")]
    [InlineData("{{json .Env}}", "null")]
    [InlineData("{{json .Created}}", "\"2026-11-26T19:11:21.425852746Z\"")]
    [InlineData("{{range .RepoTags}}<{{.}}>{{end}}", "<v1><v2>")]
    [InlineData("{{range .Env}}x{{else}}none{{end}}", "none")]
    [InlineData("{{range .LayersData}}{{.Digest}}:{{.Size}} {{end}}", "sha256:aa:10 ")]
    [InlineData("{{range .RepoTags -}}  {{.}}  {{- end}}", "v1v2")]
    [InlineData("{{if .Env}}yes{{else}}no{{end}} {{if .RepoTags}}yes{{end}}", "no yes")]
    [InlineData("{{len .RepoTags}}", "2")]
    [InlineData("{{with .Labels}}{{.a}}{{end}}", "1")]
    [InlineData("{{\"lit}}eral\"}}", "lit}}eral")]
    [InlineData("{{.LayersData}}", "[{sha256:aa 10}]")]
    public void Renders_like_go_text_template(string template, string expected) => Assert.Equal(expected, Run(template));

    [Fact]
    public void A_missing_field_is_an_error_naming_it()
    {
        var error = Assert.Throws<FormatException>(() => Run("{{.Nope}}"));
        Assert.Contains("can't evaluate field Nope", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{.Name")]
    [InlineData("{{range .RepoTags}}")]
    [InlineData("{{end}}")]
    [InlineData("{{nope .Name}}")]
    public void Malformed_templates_are_refused(string template) =>
        Assert.Throws<FormatException>(() => Run(template));

    [Fact]
    public void Go_time_keeps_nanoseconds_and_offsets()
    {
        var time = GoTime.TryParse("2024-01-02T03:04:05.100000000+02:00")!;
        Assert.Equal("2024-01-02T03:04:05.1+02:00", time.ToRfc3339Nano());
        Assert.Equal("2024-01-02 03:04:05.1 +0200 +0200", time.ToString());
        Assert.Equal("2024-01-02T03:04:05Z", GoTime.TryParse("2024-01-02T03:04:05Z")!.ToRfc3339Nano());
        Assert.Null(GoTime.TryParse("yesterday"));
    }
}
