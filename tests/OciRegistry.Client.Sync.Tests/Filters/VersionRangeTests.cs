using OciRegistry.Client.Sync.Filters;

namespace OciRegistry.Client.Sync.Tests.Filters;

public sealed class VersionRangeTests
{
    [Theory]
    [InlineData(">= 1.2.0 < 2", "1.2.0", true)]
    [InlineData(">= 1.2.0 < 2", "1.9.9", true)]
    [InlineData(">= 1.2.0 < 2", "2.0.0", false)]
    [InlineData(">= 1.2.0 < 2", "1.1.9", false)]
    [InlineData(">= 1.2.0, < 2", "1.5.0", true)]
    [InlineData(">=1.2.0 <2", "v1.4.1", true)]
    [InlineData(">= 3.12.0", "3.12", true)]
    [InlineData("~1.4", "1.4.7", true)]
    [InlineData("~1.4", "1.5.0", false)]
    [InlineData("^2", "2.9.0", true)]
    [InlineData("^2", "3.0.0", false)]
    [InlineData("1.x || 3.x", "3.1.0", true)]
    [InlineData("1.x || 3.x", "2.1.0", false)]
    [InlineData(">= 1.0.0", "latest", false)]
    [InlineData(">= 1.0.0", "1.0.0-rc1", false)]
    public void Matches_tags_as_skopeos_semver_constraints_do(string range, string tag, bool expected) =>
        Assert.Equal(expected, VersionRange.Parse(range).Contains(tag));

    [Fact]
    public void Refuses_a_range_that_is_not_one()
    {
        var error = Assert.Throws<FormatException>(() => VersionRange.Parse(">= banana"));

        Assert.Contains(">= banana", error.Message, StringComparison.Ordinal);
    }
}
