using OciRegistry.Client.Models;

namespace OciRegistry.Client.Tests.Models;

public sealed class PlatformTests
{
    [Theory]
    [InlineData("linux/amd64", "linux", "amd64", null)]
    [InlineData("linux/arm64/v8", "linux", "arm64", "v8")]
    [InlineData("windows/amd64", "windows", "amd64", null)]
    [InlineData("linux/arm/v7", "linux", "arm", "v7")]
    public void Parse_reads_os_arch_and_variant(string text, string os, string arch, string? variant)
    {
        var platform = Platform.Parse(text);

        Assert.Equal(os, platform.OS);
        Assert.Equal(arch, platform.Architecture);
        Assert.Equal(variant, platform.Variant);
        Assert.Equal(text, platform.ToString());
    }

    [Theory]
    [InlineData("linux", "os/arch")]
    [InlineData("linux/amd64/v1/extra", "os/arch")]
    [InlineData("linux//v7", "architecture part \"\"")]
    [InlineData("", "empty")]
    [InlineData("linux/am d64", "architecture part \"am d64\"")]
    public void Parse_rejects_malformed_platforms(string text, string reason)
    {
        var error = Assert.Throws<InvalidPlatformException>(() => Platform.Parse(text));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.False(Platform.TryParse(text, out _));
    }

    [Theory]
    [InlineData("linux/x86_64", "linux/amd64")]
    [InlineData("linux/aarch64", "linux/arm64")]
    [InlineData("linux/arm64/v8", "linux/arm64")]
    [InlineData("linux/arm64/8", "linux/arm64")]
    [InlineData("linux/arm", "linux/arm/v7")]
    [InlineData("linux/armhf", "linux/arm/v7")]
    [InlineData("linux/armel", "linux/arm/v6")]
    [InlineData("linux/arm/6", "linux/arm/v6")]
    [InlineData("Linux/AMD64", "linux/amd64")]
    [InlineData("linux/i386", "linux/386")]
    [InlineData("macos/arm64", "darwin/arm64")]
    public void Normalize_makes_aliases_canonical(string text, string expected)
    {
        Assert.Equal(expected, Platform.Parse(text).Normalize().ToString());
    }

    [Theory]
    [InlineData("linux/amd64", "linux/amd64", true)]
    [InlineData("linux/amd64", "linux/x86_64", true)]
    [InlineData("linux/amd64", "linux/arm64", false)]
    [InlineData("linux/amd64", "windows/amd64", false)]
    [InlineData("linux/arm64", "linux/arm64/v8", true)]
    [InlineData("linux/arm64/v8", "linux/arm64", true)]
    [InlineData("linux/arm", "linux/arm/v7", true)]
    [InlineData("linux/arm", "linux/arm/v6", false)]
    [InlineData("linux/arm/v6", "linux/arm/v6", true)]
    [InlineData("linux/arm/v6", "linux/arm/v7", false)]
    [InlineData("linux/amd64", "linux/amd64/v3", true)]
    [InlineData("linux/amd64/v3", "linux/amd64", false)]
    public void Matches_applies_normalization_and_variant_rules(string wanted, string candidate, bool expected)
    {
        Assert.Equal(expected, Platform.Parse(wanted).Matches(Platform.Parse(candidate)));
    }

    [Fact]
    public void Matches_requires_the_os_version_when_one_is_asked_for()
    {
        var wanted = new Platform { OS = "windows", Architecture = "amd64", OSVersion = "10.0.17763.1234" };

        Assert.True(wanted.Matches(wanted with { }));
        Assert.False(wanted.Matches(wanted with { OSVersion = "10.0.20348.1" }));
        Assert.True(Platform.Parse("windows/amd64").Matches(wanted));
    }
}
