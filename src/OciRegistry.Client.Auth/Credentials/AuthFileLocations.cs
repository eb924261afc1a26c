namespace OciRegistry.Client.Auth.Credentials;

/// <summary>
/// The auth files containers/image reads, in its order: the explicit file
/// (<see cref="RegistryAuthenticationOptions.AuthFile"/>) or <c>REGISTRY_AUTH_FILE</c> (then only that file); otherwise
/// <c>$XDG_RUNTIME_DIR/containers/auth.json</c>, <c>${XDG_CONFIG_HOME:-~/.config}/containers/auth.json</c>, then
/// <c>$DOCKER_CONFIG/config.json</c> or <c>~/.docker/config.json</c>.
/// </summary>
internal static class AuthFileLocations
{
    public static IReadOnlyList<string> Resolve(string? explicitAuthFile, IEnvironmentVariables environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrEmpty(explicitAuthFile))
        {
            return [explicitAuthFile];
        }

        if (environment.Get("REGISTRY_AUTH_FILE") is { } fromEnvironment)
        {
            return [fromEnvironment];
        }

        var home = environment.Get("HOME");
        var files = new List<string>();
        if (environment.Get("XDG_RUNTIME_DIR") is { } runtime)
        {
            files.Add(Path.Combine(runtime, "containers", "auth.json"));
        }

        if (environment.Get("XDG_CONFIG_HOME") is { } config)
        {
            files.Add(Path.Combine(config, "containers", "auth.json"));
        }
        else if (home is not null)
        {
            files.Add(Path.Combine(home, ".config", "containers", "auth.json"));
        }

        if (environment.Get("DOCKER_CONFIG") is { } docker)
        {
            files.Add(Path.Combine(docker, "config.json"));
        }
        else if (home is not null)
        {
            files.Add(Path.Combine(home, ".docker", "config.json"));
        }

        return files;
    }
}
