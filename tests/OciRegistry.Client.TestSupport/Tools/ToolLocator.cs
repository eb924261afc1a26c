namespace OciRegistry.Client.TestSupport.Tools;

/// <summary>Finds an executable: the path in an override variable wins, otherwise the first match on PATH.</summary>
internal static class ToolLocator
{
    public static string Locate(string command, string overrideVariable, string debianPackage)
    {
        var overridden = Environment.GetEnvironmentVariable(overrideVariable);
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            return File.Exists(overridden)
                ? overridden
                : throw new MissingToolException(
                    $"{overrideVariable} is set to '{overridden}', but no such file exists. " +
                    $"Point it at the '{command}' binary or unset it to search PATH " +
                    $"(Debian package '{debianPackage}': apt-get install {debianPackage}).");
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, command);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        // Same failure inside and outside CI (CI=true): a silently skipped integration test hides regressions.
        throw new MissingToolException(
            $"'{command}' was not found on PATH and {overrideVariable} is not set. " +
            $"Install the Debian package '{debianPackage}' (apt-get install {debianPackage}) " +
            $"or set {overrideVariable} to the binary's path. Tests that need it fail rather than skip.");
    }
}
