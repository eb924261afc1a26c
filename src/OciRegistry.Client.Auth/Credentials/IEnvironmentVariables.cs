namespace OciRegistry.Client.Auth.Credentials;

/// <summary>
/// Reads environment variables (<c>REGISTRY_AUTH_FILE</c>, <c>XDG_*</c>, <c>DOCKER_CONFIG</c>, <c>HOME</c>,
/// <c>PATH</c>); tests give their own so they never change the process environment.
/// </summary>
internal interface IEnvironmentVariables
{
    string? Get(string name);
}

/// <summary>The process environment.</summary>
internal sealed class ProcessEnvironmentVariables : IEnvironmentVariables
{
    public static ProcessEnvironmentVariables Instance { get; } = new();

    public string? Get(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(value) && name == "HOME")
        {
            value = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }

        return string.IsNullOrEmpty(value) ? null : value;
    }
}

/// <summary>
/// Variables given for credential helpers (<see cref="RegistryAuthenticationOptions.CredentialHelperEnvironment"/>)
/// over another environment: a helper is looked up on this <c>PATH</c> and runs with these variables.
/// An empty value hides the variable.
/// </summary>
internal sealed class OverlaidEnvironmentVariables(IEnvironmentVariables inner, IReadOnlyDictionary<string, string> overrides) : IEnvironmentVariables
{
    public IReadOnlyDictionary<string, string> Overrides { get; } = overrides;

    public string? Get(string name) =>
        Overrides.TryGetValue(name, out var value) ? (string.IsNullOrEmpty(value) ? null : value) : inner.Get(name);
}
