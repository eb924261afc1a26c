namespace OciRegistry.Client.TestSupport.Tools;

/// <summary>The <c>skopeo</c> oracle (Debian package <c>skopeo</c>; override with <c>OCIREG_SKOPEO_BIN</c>).</summary>
public sealed class Skopeo
{
    public const string OverrideVariable = "OCIREG_SKOPEO_BIN";

    public Skopeo(ExternalTool tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        Tool = tool;
    }

    public ExternalTool Tool { get; }

    /// <summary>Finds skopeo or throws <see cref="MissingToolException"/> naming the Debian package.</summary>
    public static Skopeo Locate() => new(ExternalTool.Locate("skopeo", OverrideVariable, "skopeo"));

    /// <summary>Runs <c>skopeo --insecure-policy ARGS</c>: tests must not depend on the machine's policy.json.</summary>
    public Task<ToolResult> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken = default) =>
        Tool.RunAsync(["--insecure-policy", .. arguments], cancellationToken: cancellationToken);

    /// <summary><c>skopeo copy SOURCE DESTINATION</c>; returns the manifest digest skopeo wrote (<c>--digestfile</c>).
    /// Access applies only to <c>docker://</c> sides; pass null for local transports such as <c>oci:</c>. <paramref name="flags"/>
    /// go before the references (for example <c>--format v2s2</c>).</summary>
    public async Task<Digest> CopyAsync(
        string source,
        string destination,
        SkopeoRegistryAccess? sourceAccess = null,
        SkopeoRegistryAccess? destinationAccess = null,
        CancellationToken cancellationToken = default,
        params string[] flags)
    {
        var digestFile = Path.GetTempFileName();
        try
        {
            List<string> arguments = ["copy", "--quiet", "--digestfile", digestFile, .. flags];
            arguments.AddRange(sourceAccess?.ToArguments("src-") ?? []);
            arguments.AddRange(destinationAccess?.ToArguments("dest-") ?? []);
            arguments.Add(source);
            arguments.Add(destination);
            await RunAsync(arguments, cancellationToken);
            return Digest.Parse((await File.ReadAllTextAsync(digestFile, cancellationToken)).Trim());
        }
        finally
        {
            File.Delete(digestFile);
        }
    }

    /// <summary><c>skopeo inspect --raw</c>: the manifest exactly as the registry serves it.</summary>
    public async Task<ReadOnlyMemory<byte>> InspectRawAsync(
        string reference, SkopeoRegistryAccess? access = null, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(["inspect", "--raw", .. access?.ToArguments(string.Empty) ?? [], reference], cancellationToken);
        return result.StandardOutputBytes;
    }

    /// <summary><c>skopeo inspect</c>: skopeo's JSON summary (digest, tags, labels, env, layers).</summary>
    public async Task<string> InspectAsync(
        string reference, SkopeoRegistryAccess? access = null, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(["inspect", .. access?.ToArguments(string.Empty) ?? [], reference], cancellationToken);
        return result.StandardOutput;
    }
}
