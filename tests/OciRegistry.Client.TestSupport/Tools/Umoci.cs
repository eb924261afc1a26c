namespace OciRegistry.Client.TestSupport.Tools;

/// <summary>The <c>umoci</c> OCI-layout tool (Debian package <c>umoci</c>; override with <c>OCIREG_UMOCI_BIN</c>).
/// Image arguments are <c>LAYOUT:TAG</c>, as umoci spells them.</summary>
public sealed class Umoci
{
    public const string OverrideVariable = "OCIREG_UMOCI_BIN";

    public Umoci(ExternalTool tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        Tool = tool;
    }

    public ExternalTool Tool { get; }

    /// <summary>Finds umoci or throws <see cref="MissingToolException"/> naming the Debian package.</summary>
    public static Umoci Locate() => new(ExternalTool.Locate("umoci", OverrideVariable, "umoci"));

    public Task<ToolResult> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken = default) =>
        Tool.RunAsync([.. arguments], cancellationToken: cancellationToken);

    /// <summary><c>umoci init --layout DIR</c>: an empty OCI image layout.</summary>
    public Task InitLayoutAsync(string layoutDirectory, CancellationToken cancellationToken = default) =>
        RunAsync(["init", "--layout", layoutDirectory], cancellationToken);

    /// <summary><c>umoci new --image DIR:TAG</c>: an image with no layers and an empty config.</summary>
    public Task NewImageAsync(string layoutDirectory, string tag, CancellationToken cancellationToken = default) =>
        RunAsync(["new", "--image", Image(layoutDirectory, tag)], cancellationToken);

    /// <summary><c>umoci insert</c>: adds one layer holding <paramref name="sourcePath"/> at
    /// <paramref name="targetPath"/>. <c>--rootless</c> so it works without root.</summary>
    public Task InsertAsync(
        string layoutDirectory, string tag, string sourcePath, string targetPath, CancellationToken cancellationToken = default) =>
        RunAsync(["insert", "--rootless", "--image", Image(layoutDirectory, tag), sourcePath, targetPath], cancellationToken);

    /// <summary><c>umoci config --image DIR:TAG FLAGS</c>, e.g. <c>--config.env K=V</c>, <c>--config.label K=V</c>,
    /// <c>--config.cmd ARG</c> (repeat a flag for more values).</summary>
    public Task ConfigAsync(
        string layoutDirectory, string tag, IEnumerable<string> configFlags, CancellationToken cancellationToken = default) =>
        RunAsync(["config", "--image", Image(layoutDirectory, tag), .. configFlags], cancellationToken);

    private static string Image(string layoutDirectory, string tag) => $"{layoutDirectory}:{tag}";
}
