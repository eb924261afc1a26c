namespace OciRegistry.Client.Http.RegistriesConf;

/// <summary>
/// Which containers-registries.conf files are read, found as containers/image finds them: the file given (or named by
/// <c>CONTAINERS_REGISTRIES_CONF</c>), else <c>$HOME/.config/containers/registries.conf</c>, else
/// <c>/etc/containers/registries.conf</c>; then the <c>*.conf</c> drop-ins of the drop-in directories, in lexical order.
/// </summary>
/// <param name="ConfigurationFile">The main file.</param>
/// <param name="Required">Whether a missing main file is an error (it is when named explicitly) rather than an empty configuration.</param>
/// <param name="DropInDirectories">The drop-in directories, read in this order; missing ones are skipped.</param>
public sealed record RegistriesConfigurationFiles(string ConfigurationFile, bool Required, IReadOnlyList<string> DropInDirectories)
{
    /// <summary>The environment variable that names the main file.</summary>
    public const string EnvironmentVariable = "CONTAINERS_REGISTRIES_CONF";

    /// <summary>The system-wide main file.</summary>
    public const string SystemFile = "/etc/containers/registries.conf";

    /// <summary>The system-wide drop-in directory.</summary>
    public const string SystemDropInDirectory = "/etc/containers/registries.conf.d";

    /// <summary>Finds the files to read.</summary>
    /// <param name="path">The main file, when one is named explicitly; <see langword="null"/> to look it up.</param>
    /// <returns>The files.</returns>
    public static RegistriesConfigurationFiles Locate(string? path = null)
    {
        var home = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var userFile = Path.Combine(home, ".config", "containers", "registries.conf");
        var userDirectory = Path.Combine(home, ".config", "containers", "registries.conf.d");
        if (string.IsNullOrEmpty(path) && Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            path = fromEnvironment;
        }

        if (!string.IsNullOrEmpty(path))
        {
            // A file named explicitly still has the system and user drop-ins merged over it, as in containers/image.
            return new RegistriesConfigurationFiles(path, true, [SystemDropInDirectory, userDirectory]);
        }

        return File.Exists(userFile)
            ? new RegistriesConfigurationFiles(userFile, false, [userDirectory])
            : new RegistriesConfigurationFiles(SystemFile, false, [SystemDropInDirectory, userDirectory]);
    }

    /// <summary>Lists the drop-in files: each directory's <c>*.conf</c> files (not its subdirectories), in lexical order.</summary>
    /// <returns>The files, in the order they are merged.</returns>
    public IReadOnlyList<string> DropInFiles()
    {
        var files = new List<string>();
        foreach (var directory in DropInDirectories)
        {
            if (Directory.Exists(directory))
            {
                files.AddRange(Directory.EnumerateFiles(directory, "*.conf", SearchOption.TopDirectoryOnly)
                    .Where(f => f.EndsWith(".conf", StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal));
            }
        }

        return files;
    }
}
