using OciRegistry.Client.TestSupport.Tools;

namespace OciRegistry.Client.Cli.IntegrationTests.Support;

/// <summary>
/// Where the <c>ocireg</c> under test lives: the file in <c>OCIREG_PATH</c> (build/test.sh points it at the Native AOT
/// binary it published), else the <c>ocireg.dll</c> the solution build put beside the CLI project, run with
/// <c>dotnet</c>. A missing binary fails every test, in CI (<c>CI=true</c>) and locally alike: never a skip.
/// </summary>
internal sealed record OciregBinary(string FileName, IReadOnlyList<string> LeadingArguments)
{
    public const string PathVariable = "OCIREG_PATH";

    private static readonly Lazy<OciregBinary> Located = new(LocateCore);

    public static OciregBinary Locate() => Located.Value;

    private static OciregBinary LocateCore()
    {
        var overridden = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            return File.Exists(overridden)
                ? new OciregBinary(overridden, [])
                : throw new MissingToolException(
                    $"{PathVariable} is set to '{overridden}', but no such file exists. Publish the binary with " +
                    "'dotnet publish src/OciRegistry.Client.Cli -c Release -r linux-x64 -o DIR' and point it at DIR/ocireg.");
        }

        // The test assembly runs from tests/<project>/bin/<Configuration>/<tfm>/; the CLI's framework-dependent build
        // output has the same shape under src/OciRegistry.Client.Cli (a publish with -r adds a runtime folder, whose
        // self-contained ocireg.dll is not meant for "dotnet ocireg.dll": OCIREG_PATH names the published binary).
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent?.Name ?? "Debug";
        var root = FindRepositoryRoot(testOutput);
        var output = Path.Combine(root, "src", "OciRegistry.Client.Cli", "bin", configuration, framework);
        var dll = Path.Combine(output, "ocireg.dll");
        return File.Exists(dll)
            ? new OciregBinary(DotnetHost(), [dll])
            : throw new MissingToolException(
                $"ocireg was not found: {PathVariable} is not set and there is no {dll}. Build the solution " +
                $"('dotnet build OciRegistry.Client.sln -c {configuration}') or set {PathVariable} to a published binary. " +
                "Tests that need it fail rather than skip.");
    }

    private static string FindRepositoryRoot(DirectoryInfo start)
    {
        for (var directory = start; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OciRegistry.Client.sln")))
            {
                return directory.FullName;
            }
        }

        throw new MissingToolException(
            $"No OciRegistry.Client.sln above {start.FullName}: set {PathVariable} to the ocireg binary.");
    }

    // The muxer that runs this test host runs the CLI too, so both use the same runtime.
    private static string DotnetHost() =>
        Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? host
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } muxer && File.Exists(muxer)
                ? muxer
                : "dotnet";
}
