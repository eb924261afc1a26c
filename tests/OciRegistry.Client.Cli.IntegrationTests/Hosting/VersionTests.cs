using System.Text.RegularExpressions;
using OciRegistry.Client.Cli.IntegrationTests.Support;
using OciRegistry.Client.TestSupport.Tools;
using Xunit.Abstractions;

namespace OciRegistry.Client.Cli.IntegrationTests.Hosting;

/// <summary><c>--version</c> prints one line in skopeo's shape, <c>NAME version X.Y.Z</c>, which scripts parse.</summary>
public sealed partial class VersionTests(ITestOutputHelper output) : IDisposable
{
    private readonly Ocireg _ocireg = new(output);

    public void Dispose() => _ocireg.Dispose();

    [Theory]
    [InlineData("--version")]
    [InlineData("-v")]
    public async Task Version_prints_the_line_skopeo_prints_with_our_name(string flag)
    {
        var ours = await _ocireg.SucceedAsync(flag);
        var theirs = await Skopeo.Locate().Tool.RunAsync([flag]);

        var skopeo = Shape().Match(theirs.StandardOutput);
        var ocireg = Shape().Match(ours.StandardOutput);
        Assert.True(skopeo.Success, theirs.StandardOutput);
        Assert.True(ocireg.Success, ours.ToString());
        Assert.Equal("skopeo", skopeo.Groups["name"].Value);
        Assert.Equal("ocireg", ocireg.Groups["name"].Value);
        Assert.Empty(ours.StandardError);
    }

    [GeneratedRegex(@"^(?<name>[a-z]+) version (?<version>\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?)\n$")]
    private static partial Regex Shape();
}
