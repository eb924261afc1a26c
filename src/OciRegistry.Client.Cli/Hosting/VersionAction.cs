using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace OciRegistry.Client.Cli.Hosting;

/// <summary>
/// <c>ocireg --version</c> (and <c>-v</c>): <c>ocireg version X.Y.Z</c>, in the shape of skopeo's
/// <c>skopeo version 1.9.3</c>, which scripts parse; the build's <c>+COMMIT</c> suffix is left out as skopeo has none.
/// </summary>
/// <param name="console">Where the line goes (standard output).</param>
internal sealed class VersionAction(CliConsole console) : SynchronousCommandLineAction
{
    /// <summary>Gets the version: the assembly's informational version without build metadata.</summary>
    public static string Version { get; } = ReadVersion();

    /// <summary>Replaces the root command's version action with this one.</summary>
    /// <param name="root">The root command.</param>
    /// <param name="console">The standard streams.</param>
    public static void Install(RootCommand root, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(root);
        foreach (var option in root.Options.OfType<VersionOption>())
        {
            option.Action = new VersionAction(console);
            if (!option.Aliases.Contains("-v"))
            {
                option.Aliases.Add("-v");
            }
        }
    }

    /// <inheritdoc/>
    public override int Invoke(ParseResult parseResult)
    {
        console.Out.WriteLine($"ocireg version {Version}");
        return ExitCodes.Success;
    }

    private static string ReadVersion()
    {
        var informational = typeof(VersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(VersionAction).Assembly.GetName().Version?.ToString(3)
            ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
