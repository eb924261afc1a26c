using System.CommandLine;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Cli.Options;

/// <summary>skopeo's global flags, accepted before or after the verb.</summary>
internal sealed class GlobalOptions
{
    /// <summary>Gets <c>--debug</c>: request traces (without secrets) on standard error.</summary>
    public Option<bool> Debug { get; } = Recursive(BooleanOption.Create("--debug", "enable debug output"));

    /// <summary>Gets <c>--insecure-policy</c>: accept every image without reading a trust policy.</summary>
    public Option<bool> InsecurePolicy { get; } = Recursive(BooleanOption.Create("--insecure-policy", "run the tool without any policy check"));

    /// <summary>Gets <c>--override-arch</c>.</summary>
    public Option<string> OverrideArch { get; } = Recursive(new Option<string>("--override-arch") { Description = "use ARCH instead of the architecture of the machine for choosing images", HelpName = "ARCH" });

    /// <summary>Gets <c>--override-os</c>.</summary>
    public Option<string> OverrideOs { get; } = Recursive(new Option<string>("--override-os") { Description = "use OS instead of the running OS for choosing images", HelpName = "OS" });

    /// <summary>Gets <c>--override-variant</c>.</summary>
    public Option<string> OverrideVariant { get; } = Recursive(new Option<string>("--override-variant") { Description = "use VARIANT instead of the running architecture variant for choosing images", HelpName = "VARIANT" });

    /// <summary>Gets <c>--policy</c>: the trust policy file (containers-policy.json).</summary>
    public Option<string> Policy { get; } = Recursive(new Option<string>("--policy") { Description = "Path to a trust policy file", HelpName = "string" });

    /// <summary>Gets <c>--registries.d</c>: the directory of registries.d files saying where signatures live.</summary>
    public Option<string> RegistriesD { get; } = Recursive(new Option<string>("--registries.d") { Description = "use registry configuration files in DIR (e.g. for container signature storage)", HelpName = "DIR" });

    /// <summary>
    /// Gets <c>--registries-conf</c>: the containers-registries.conf file (rewrites, mirrors, blocked and insecure
    /// registries); without it, <c>CONTAINERS_REGISTRIES_CONF</c>, the user's file, then the system's.
    /// </summary>
    public Option<string> RegistriesConf { get; } = Recursive(new Option<string>("--registries-conf") { Description = "path to the registries.conf file (default: $CONTAINERS_REGISTRIES_CONF, $HOME/.config/containers/registries.conf, /etc/containers/registries.conf)", HelpName = "FILE" });

    /// <summary>Gets <c>--tmpdir</c>: accepted and ignored (archives stage in the system temporary directory).</summary>
    public Option<string> TmpDir { get; } = Recursive(new Option<string>("--tmpdir") { Description = "accepted; ignored", Hidden = true });

    /// <summary>Gets <c>--command-timeout</c>: the whole command is cancelled after this long.</summary>
    public Option<string> CommandTimeout { get; } = Recursive(new Option<string>("--command-timeout") { Description = "timeout for the command execution", HelpName = "duration" });

    /// <summary>Adds every global option to the root command.</summary>
    /// <param name="root">The root command.</param>
    public void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.Add(Debug);
        root.Add(InsecurePolicy);
        root.Add(OverrideArch);
        root.Add(OverrideOs);
        root.Add(OverrideVariant);
        root.Add(Policy);
        root.Add(RegistriesD);
        root.Add(RegistriesConf);
        root.Add(TmpDir);
        root.Add(CommandTimeout);
    }

    /// <summary>Gets the platform an index is resolved to: the running platform with the <c>--override-*</c> flags applied.</summary>
    /// <param name="result">The parse result.</param>
    /// <returns>The platform.</returns>
    public Platform SystemPlatform(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var current = Copy.SystemPlatforms.Current;
        var os = result.GetValue(OverrideOs);
        var arch = result.GetValue(OverrideArch);
        var variant = result.GetValue(OverrideVariant);
        if (os is null && arch is null && variant is null)
        {
            return current;
        }

        return new Platform
        {
            OS = os ?? current.OS,
            Architecture = arch ?? current.Architecture,

            // A different architecture does not keep the machine's variant (v7 means nothing on amd64).
            Variant = variant ?? (arch is null ? current.Variant : null),
        };
    }

    /// <summary>
    /// Gets the <c>--command-timeout</c> value, if any. skopeo takes zero and negative durations as "no timeout";
    /// here they are refused, since a timeout that never fires is better written by leaving the flag out.
    /// </summary>
    /// <param name="result">The parse result.</param>
    /// <returns>The timeout, or <see langword="null"/>.</returns>
    /// <exception cref="Hosting.CliUsageException">The value is not a duration, or is not positive.</exception>
    public TimeSpan? Timeout(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.GetValue(CommandTimeout) is not { } text)
        {
            return null;
        }

        var value = GoDuration.Parse(text, CommandTimeout.Name);
        return value > TimeSpan.Zero
            ? value
            : throw new Hosting.CliUsageException(
                $"invalid argument \"{text}\" for \"{CommandTimeout.Name}\" flag: the timeout must be greater than zero (leave the flag out for no timeout)");
    }

    private static T Recursive<T>(T option)
        where T : Option
    {
        option.Recursive = true;
        return option;
    }
}
