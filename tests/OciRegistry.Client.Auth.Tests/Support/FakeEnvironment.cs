using OciRegistry.Client.Auth.Credentials;

namespace OciRegistry.Client.Auth.Tests.Support;

/// <summary>Environment variables for one test, so no test changes the process environment (tests run in parallel).</summary>
internal sealed class FakeEnvironment(Dictionary<string, string>? variables = null) : IEnvironmentVariables
{
    public Dictionary<string, string> Variables { get; } = variables ?? [];

    public string? Get(string name) => Variables.TryGetValue(name, out var value) ? value : null;
}

/// <summary>A temporary directory removed when the test ends.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("ociauth-").FullName;
    }

    public string Path { get; }

    public string Write(string relative, string content)
    {
        var file = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
