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
