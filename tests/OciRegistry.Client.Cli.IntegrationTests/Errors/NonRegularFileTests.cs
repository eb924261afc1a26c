using System.Diagnostics;
using OciRegistry.Client.Cli.IntegrationTests.Support;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Errors;

/// <summary>
/// A FIFO where a layout file is expected fails the command at once, naming the file; opening it would block until
/// some writer appeared, and neither SIGINT nor <c>--command-timeout</c> could end the wait.
/// </summary>
public sealed class NonRegularFileTests(ITestOutputHelper output) : IDisposable
{
    private readonly Ocireg _ocireg = new(output);

    public void Dispose() => _ocireg.Dispose();

    [Fact]
    public async Task Inspect_of_a_layout_whose_index_json_is_a_fifo_exits_1_naming_the_file()
    {
        var layout = _ocireg.PathInHome("layout");
        Directory.CreateDirectory(layout);
        await File.WriteAllTextAsync(Path.Combine(layout, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        var index = Path.Combine(layout, "index.json");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [index]) { UseShellExecute = false })!)
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // Ocireg kills a run that has not ended within its bound and fails the test, so a hang cannot stall the suite.
        var line = Expect.FailsWithOneLine(await _ocireg.RunAsync("inspect", $"oci:{layout}"), 1);

        Assert.Contains($"\"{index}\" is a FIFO (named pipe), not a regular file", line, StringComparison.Ordinal);
    }
}
