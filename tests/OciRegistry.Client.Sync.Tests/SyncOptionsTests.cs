namespace OciRegistry.Client.Sync.Tests;

public sealed class SyncOptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        var options = new SyncOptions();

        Assert.Empty(options.Validate());
        Assert.Equal(4, options.MaxConcurrentImages);
        Assert.True(options.SkipUnchanged);
    }

    [Fact]
    public void Names_every_invalid_option()
    {
        var options = new SyncOptions
        {
            MaxConcurrentImages = 0,
            MaxConcurrentBlobs = 1000,
            AppendSuffix = "/bad",
            IncludeTagRegex = "[",
        };
        options.Copy.RetryTimes = -1;

        var errors = string.Join(" ", options.Validate());

        Assert.Contains(nameof(SyncOptions.MaxConcurrentImages), errors, StringComparison.Ordinal);
        Assert.Contains(nameof(SyncOptions.MaxConcurrentBlobs), errors, StringComparison.Ordinal);
        Assert.Contains(nameof(SyncOptions.AppendSuffix), errors, StringComparison.Ordinal);
        Assert.Contains(nameof(SyncOptions.IncludeTagRegex), errors, StringComparison.Ordinal);
        Assert.Contains("Copy.RetryTimes", errors, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => options.Snapshot());
    }

    [Fact]
    public void A_snapshot_does_not_change_with_the_options()
    {
        var options = new SyncOptions { IncludeTagRegex = "^v" };
        var settings = options.Snapshot();

        options.Copy.RetryTimes = 9;
        options.IncludeTagRegex = "x";

        Assert.Equal(3, settings.Copy.RetryTimes);
        Assert.True(settings.Selects("v1"));
        Assert.False(settings.Selects("latest"));
    }

    [Fact]
    public void Exclude_applies_after_include()
    {
        var settings = new SyncOptions { IncludeTagRegex = "^v", ExcludeTagRegex = "-rc" }.Snapshot();

        Assert.True(settings.Selects("v1.0"));
        Assert.False(settings.Selects("v1.1-rc1"));
    }
}
