using OciRegistry.Client.Copy;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Sync.Tests;

public sealed class OptionsMergeTests
{
    [Fact]
    public void Options_passed_to_one_sync_keep_the_defaults_they_leave_at_their_built_in_values()
    {
        var defaults = new SyncOptions { Scoped = true, MaxConcurrentImages = 2, IncludeTagRegex = "^v" };
        defaults.Copy.MultiArch = MultiArchMode.All;
        defaults.Copy.Platforms.Add(Platform.Parse("linux/amd64"));
        var passed = new SyncOptions { DryRun = true, MaxConcurrentImages = 8 };
        passed.Copy.RetryTimes = 0;

        var merged = OptionsMerge.Over(defaults, passed);

        Assert.True(merged.Scoped);
        Assert.True(merged.DryRun);
        Assert.Equal(8, merged.MaxConcurrentImages);
        Assert.Equal("^v", merged.IncludeTagRegex);
        Assert.Equal(MultiArchMode.All, merged.Copy.MultiArch);
        Assert.Equal(0, merged.Copy.RetryTimes);
        Assert.Equal([Platform.Parse("linux/amd64")], merged.Copy.Platforms);
        Assert.Empty(merged.Validate());
    }

    [Fact]
    public void A_collection_passed_non_empty_replaces_the_defaults()
    {
        var defaults = new SyncOptions();
        defaults.Copy.MultiArch = MultiArchMode.All;
        defaults.Copy.Platforms.Add(Platform.Parse("linux/amd64"));
        var passed = new SyncOptions();
        passed.Copy.Platforms.Add(Platform.Parse("linux/arm64"));

        var merged = OptionsMerge.Over(defaults, passed);

        Assert.Equal([Platform.Parse("linux/arm64")], merged.Copy.Platforms);
    }
}
