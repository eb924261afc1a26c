using OciRegistry.Client.Sync.Filters;

namespace OciRegistry.Client.Sync.Tests.Filters;

public sealed class TagPatternTests
{
    [Theory]
    [InlineData(@"^1\.13\.[12]-alpine-perl$", "1.13.1-alpine-perl", true)]
    [InlineData(@"^1\.13\.[12]-alpine-perl$", "1.13.3-alpine-perl", false)]
    [InlineData("alpine", "3.19-alpine-slim", true)]
    public void Matches_anywhere_in_the_tag_unless_anchored(string pattern, string tag, bool expected) =>
        Assert.Equal(expected, TagPattern.Create(pattern).IsMatch(tag));

    [Theory]
    [InlineData("[")]
    [InlineData(@"(a)\1")]
    public void Refuses_invalid_patterns_and_backtracking_constructs(string pattern) =>
        Assert.False(TagPattern.TryCreate(pattern, out _, out var error) || error.Length == 0);
}
