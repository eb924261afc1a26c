namespace OciRegistry.Client.Cli.IntegrationTests.Support;

/// <summary>Assertions on how a failed run reports itself.</summary>
internal static class Expect
{
    /// <summary>The run failed with <paramref name="exitCode"/>, printed nothing on stdout, and said why in exactly
    /// one non-empty line on stderr, which is returned.</summary>
    public static string FailsWithOneLine(OciregResult result, int exitCode)
    {
        Assert.True(result.ExitCode == exitCode, $"expected exit code {exitCode}{Environment.NewLine}{result}");
        Assert.True(result.StandardOutputBytes.Length == 0, $"expected nothing on stdout{Environment.NewLine}{result}");
        var lines = result.ErrorLines;
        Assert.True(lines.Count == 1, $"expected one line on stderr{Environment.NewLine}{result}");
        return lines[0];
    }
}
