namespace OciRegistry.Client.TestSupport.Images;

/// <summary>What goes into a test image: one file in one layer, plus config env, a label and a cmd.</summary>
public sealed record TestImageContent
{
    /// <summary>The file's absolute path inside the image.</summary>
    public string FilePath { get; init; } = "/hello.txt";

    public string FileContent { get; init; } = "hello from OciRegistry.Client tests\n";

    /// <summary>A <c>KEY=VALUE</c> entry for the config's <c>Env</c>.</summary>
    public string Environment { get; init; } = "OCIREG_TEST=1";

    public KeyValuePair<string, string> Label { get; init; } = new("org.ocireg.test", "true");

    public IReadOnlyList<string> Command { get; init; } = ["/bin/cat", "/hello.txt"];
}
